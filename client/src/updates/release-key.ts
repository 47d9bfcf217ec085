/** Replaced at build time (client/vite.config.ts `define`); absent under tests and plain tooling. */
declare const __RELEASE_PUBLIC_KEY__: string | undefined;

/** The Ed25519 public key (raw, base64) that desktop releases must be signed with. `desktop:build`
 * embeds it (RELEASE_PUBLIC_KEY, or the key `release-channel` made in DATA_DIR); a build without one
 * (development, the web client) offers update links unverified. */
export const RELEASE_PUBLIC_KEY: string | null = (typeof __RELEASE_PUBLIC_KEY__ === 'string' && __RELEASE_PUBLIC_KEY__) || null;
