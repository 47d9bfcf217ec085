/** Made by scripts/build-bin.mjs at build time: the built web client as served (server/web/assets.ts
 * `Asset`), with `body` and `gzip` in base64. */
declare module 'embedded:client' {
  const assets: Array<{ path: string; body: string; gzip: string | null; type: string; etag: string; immutable: boolean }>;
  export default assets;
}
