import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { releaseStatement } from '../../../protocol/release-signature.ts';
import { verifyArtifact } from './verify-artifact.ts';

/** Signed as `release-channel` signs (node:crypto, Ed25519), checked as the desktop checks (WebCrypto). */
function release(version = '1.4.0') {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
  const artifact = new Uint8Array(crypto.randomBytes(10_000));
  const sha = crypto.createHash('sha256').update(artifact).digest('hex');
  const signature = crypto.sign(null, Buffer.from(releaseStatement(version, sha)), privateKey).toString('base64');
  const publicKeyBase64 = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('base64');
  return { artifact, publicKeyBase64, policy: { latest_version: version, artifact_sha256: sha, artifact_signature: signature, signature_alg: 'ed25519' } };
}

describe('verifyArtifact', () => {
  it('accepts the signed artifact', async () => {
    const r = release();
    expect(await verifyArtifact(r.artifact, r.policy, r.publicKeyBase64)).toEqual({ ok: true });
  });

  it('refuses a tampered artifact (one flipped bit)', async () => {
    const r = release();
    const tampered = r.artifact.slice();
    tampered[5000] = tampered[5000]! ^ 1;
    expect(await verifyArtifact(tampered, r.policy, r.publicKeyBase64)).toEqual({ ok: false, reason: 'hash_mismatch' });
  });

  it('refuses a tampered signature, and a hash swapped to match a tampered artifact', async () => {
    const r = release();
    const sig = Buffer.from(r.policy.artifact_signature, 'base64');
    sig[10] = sig[10]! ^ 0x40;
    expect(await verifyArtifact(r.artifact, { ...r.policy, artifact_signature: sig.toString('base64') }, r.publicKeyBase64)).toEqual({ ok: false, reason: 'bad_signature' });
    const evil = new Uint8Array([1, 2, 3]);
    const evilSha = crypto.createHash('sha256').update(evil).digest('hex');
    expect(await verifyArtifact(evil, { ...r.policy, artifact_sha256: evilSha }, r.publicKeyBase64)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(await verifyArtifact(r.artifact, { ...r.policy, artifact_signature: 'not base64 at all!' }, r.publicKeyBase64)).toMatchObject({ ok: false, reason: 'bad_signature' });
  });

  it('refuses a signed old artifact served as a newer version, another key, and an unsigned release', async () => {
    const r = release('1.3.0');
    expect(await verifyArtifact(r.artifact, { ...r.policy, latest_version: '1.4.0' }, r.publicKeyBase64)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(await verifyArtifact(r.artifact, r.policy, release().publicKeyBase64)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(await verifyArtifact(r.artifact, { latest_version: '1.3.0', artifact_sha256: r.policy.artifact_sha256 }, r.publicKeyBase64)).toEqual({ ok: false, reason: 'unsigned' });
    expect(await verifyArtifact(r.artifact, { ...r.policy, signature_alg: 'sha256' }, r.publicKeyBase64)).toEqual({ ok: false, reason: 'unsigned' });
  });
});
