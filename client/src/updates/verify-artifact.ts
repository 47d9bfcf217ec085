import { RELEASE_SIGNATURE_ALG, releaseStatement } from '../../../protocol/release-signature.ts';

/** Why a downloaded update is refused. */
export type ArtifactRefusal = 'unsigned' | 'bad_signature' | 'hash_mismatch' | 'unsupported';
export type ArtifactVerdict = { ok: true } | { ok: false; reason: ArtifactRefusal };

export interface SignedRelease {
  latest_version: string;
  artifact_sha256?: string;
  artifact_signature?: string;
  signature_alg?: string;
}

const fromBase64 = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
const hex = (buf: ArrayBuffer) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');

/** The release's Ed25519 signature (over its version and SHA-256) checked with the public key this
 * build trusts, then the SHA-256 of the downloaded bytes. WebCrypto does both: Ed25519 is in
 * Chromium and in WebKitGTK (the Linux desktop), checked in both; an engine without it refuses
 * ('unsupported') rather than skipping the check. */
export async function verifyArtifact(bytes: Uint8Array, release: SignedRelease, publicKeyBase64: string): Promise<ArtifactVerdict> {
  const { artifact_sha256: sha, artifact_signature: signature } = release;
  if (!sha || !signature || release.signature_alg !== RELEASE_SIGNATURE_ALG) return { ok: false, reason: 'unsigned' };
  let key: CryptoKey;
  let sig: Uint8Array;
  try {
    sig = fromBase64(signature);
    key = await crypto.subtle.importKey('raw', fromBase64(publicKeyBase64) as Uint8Array<ArrayBuffer>, { name: 'Ed25519' }, false, ['verify']);
  } catch (err) {
    return { ok: false, reason: (err as Error).name === 'NotSupportedError' ? 'unsupported' : 'bad_signature' };
  }
  const statement = new TextEncoder().encode(releaseStatement(release.latest_version, sha));
  const signed = await crypto.subtle.verify({ name: 'Ed25519' }, key, sig as Uint8Array<ArrayBuffer>, statement).catch(() => false);
  if (!signed) return { ok: false, reason: 'bad_signature' };
  const actual = hex(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return actual === sha.toLowerCase() ? { ok: true } : { ok: false, reason: 'hash_mismatch' };
}
