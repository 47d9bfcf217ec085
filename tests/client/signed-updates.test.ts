import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Api } from '../../client/src/net/api.ts';
import { memoryPlatform } from '../../client/src/testing/memory-platform.ts';
import { Updates } from '../../client/src/updates/store.ts';
import { releaseChannel } from '../../server/cli/release-channel.ts';
import { readSigningKey } from '../../server/release/signing-key.ts';
import { useServer } from '../helpers/suite.ts';
import { until } from './harness.ts';

/** The desktop's update check in a signed build, against a server whose release was published
 * with `release-channel`, and an artifact host that can be made to serve tampered bytes. */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'messenger-signed-updates-'));
const artifact = new Uint8Array(crypto.randomBytes(64 * 1024));
let served = artifact;
let host: http.Server;
let hostUrl = '';
let publicKey = '';

beforeAll(async () => {
  host = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/zip' }).end(served));
  await new Promise<void>((r) => host.listen(0, '127.0.0.1', r));
  hostUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
  const file = path.join(dataDir, '..', `m-${process.pid}.zip`);
  fs.writeFileSync(file, artifact);
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    const code = await releaseChannel.run(['--channel', 'stable', '--version', '1.4.0', '--artifact', file, '--download-url', `${hostUrl}/downloads/m-1.4.0.zip`], { DATA_DIR: dataDir });
    expect(code).toBe(0);
  } finally {
    out.mockRestore();
    fs.rmSync(file);
  }
  publicKey = readSigningKey(dataDir)!.publicKey;
});
afterAll(() => new Promise<void>((r) => host.close(() => r())));

const env = useServer({ dataDir });

function updatesFor(releaseKey: string | null) {
  const platform = memoryPlatform(env.t.url);
  platform.version = '1.3.0';
  const saved: Array<{ name: string; bytes: Uint8Array }> = [];
  platform.saveFile = async (name, blob) => {
    saved.push({ name, bytes: new Uint8Array(await blob.arrayBuffer()) });
    return true;
  };
  return { updates: new Updates({ api: new Api(env.t.url), platform, releaseKey }), saved };
}

describe('signed desktop updates', () => {
  it('downloads and verifies the artifact before offering it, and saves exactly those bytes', async () => {
    served = artifact;
    const { updates, saved } = updatesFor(publicKey);
    const policy = await updates.check();
    expect(policy).toMatchObject({ latest_version: '1.4.0', update_available: true, signature_alg: 'ed25519' });
    await until(() => expect(updates.artifact.value.state).toBe('verified'));
    expect(await updates.save()).toBe(true);
    expect(saved).toHaveLength(1);
    expect(saved[0]!.name).toBe('m-1.4.0.zip');
    expect(Buffer.from(saved[0]!.bytes).equals(Buffer.from(artifact))).toBe(true);
  });

  it('refuses a tampered artifact: nothing to save', async () => {
    const tampered = artifact.slice();
    tampered[1234] = tampered[1234]! ^ 0x01;
    served = tampered;
    const { updates, saved } = updatesFor(publicKey);
    await updates.check();
    await until(() => expect(updates.artifact.value).toMatchObject({ state: 'refused', reason: 'hash_mismatch' }));
    expect(await updates.save()).toBe(false);
    expect(saved).toEqual([]);
  });

  it('refuses a release signed with another key', async () => {
    served = artifact;
    const other = Buffer.from(crypto.generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('base64');
    const { updates } = updatesFor(other);
    await updates.check();
    await until(() => expect(updates.artifact.value).toMatchObject({ state: 'refused', reason: 'bad_signature' }));
  });

  it('an unsigned build (no release key) downloads nothing', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const { updates } = updatesFor(null);
    await updates.check();
    expect(updates.signed).toBe(false);
    expect(updates.artifact.value.state).toBe('none');
    expect(fetchSpy.mock.calls.filter(([url]) => String(url).startsWith(hostUrl))).toEqual([]);
    fetchSpy.mockRestore();
  });
});
