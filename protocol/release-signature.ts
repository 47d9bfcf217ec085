/** What `release-channel` signs and the desktop client verifies before it offers an update: one
 * line-based statement binding the version to the artifact's SHA-256, so a signed old artifact
 * cannot be served as a newer version. Ed25519 over its UTF-8 bytes; the signature is base64. */
export const RELEASE_SIGNATURE_ALG = 'ed25519';

export function releaseStatement(version: string, sha256Hex: string): string {
  return `intranet-messenger release\nversion=${version}\nsha256=${sha256Hex.toLowerCase()}\n`;
}
