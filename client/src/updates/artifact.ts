import type { ClientUpdateResponse } from '../../../protocol/rest/system.ts';
import { type ArtifactRefusal, verifyArtifact } from './verify-artifact.ts';

/** A release's artifact as a signed build sees it: not looked at, being downloaded and checked,
 * verified (the exact bytes that will be saved), or refused with the reason. */
export type ArtifactState =
  | { state: 'none' }
  | { state: 'checking'; version: string; sha256: string }
  | { state: 'verified'; version: string; sha256: string; name: string; bytes: Uint8Array }
  | { state: 'refused'; version: string; sha256: string; reason: ArtifactRefusal | 'download_failed' };

/** The file name to save as: the URL's last segment when it is a plain name, else one made up. */
export function artifactName(url: string, version: string): string {
  const last = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
  return /^[\w.-]{1,100}$/.test(last) && !last.startsWith('.') ? last : `intranet-messenger-${version}.zip`;
}

/** Download the release's artifact and check it; never throws. */
export async function fetchAndVerify(policy: ClientUpdateResponse, publicKey: string, timeoutMs = 120_000): Promise<ArtifactState> {
  const version = policy.latest_version;
  const sha256 = policy.artifact_sha256 ?? '';
  if (!sha256 || !policy.artifact_signature) return { state: 'refused', version, sha256, reason: 'unsigned' };
  let bytes: Uint8Array;
  try {
    const res = await fetch(policy.download_url, { credentials: 'omit', signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return { state: 'refused', version, sha256, reason: 'download_failed' };
    bytes = new Uint8Array(await res.arrayBuffer());
  } catch {
    return { state: 'refused', version, sha256, reason: 'download_failed' };
  }
  const verdict = await verifyArtifact(bytes, policy, publicKey);
  return verdict.ok ? { state: 'verified', version, sha256, name: artifactName(policy.download_url, version), bytes } : { state: 'refused', version, sha256, reason: verdict.reason };
}
