/** Made by scripts/build-bin.mjs at build time: the built web client, [path, base64 bytes]. */
declare module 'embedded:client' {
  const files: [string, string][];
  export default files;
}
