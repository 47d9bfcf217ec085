import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { Command } from '../../server/cli/command.ts';
import { cutover } from '../../server/cli/cutover.ts';
import { releaseChannel } from '../../server/cli/release-channel.ts';
import { errorEnvelopeSchema } from '../../protocol/envelope.ts';
import { releaseStatement } from '../../protocol/release-signature.ts';
import { clientUpdateResponseSchema } from '../../protocol/rest/system.ts';
import { CookieJar, PASSWORD, registerAndLogin } from '../helpers/http.ts';
import { connectSocket, roundTrip } from '../helpers/socket.ts';
import { useServer } from '../helpers/suite.ts';
import { runCommand, runInProcess, until } from './cli.ts';

/** A stand-in for the built web client: hybrid mode serves it at /. */
const clientDir = fs.mkdtempSync(path.join(os.tmpdir(), 'messenger-fake-client-'));
fs.writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html><title>app</title><div id="app" data-testid="the-app"></div>');
afterAll(() => fs.rmSync(clientDir, { recursive: true, force: true }));

const env = useServer({ config: { clientDir }, env: { DESKTOP_CLIENT_MIN_VERSION: '1.0.0', DESKTOP_CLIENT_LATEST_VERSION: '1.1.0' } });

const home = async () => (await fetch(`${env.t.url}/`)).text();
const update = async (query: string) => clientUpdateResponseSchema.parse((await env.a.get(`/api/client/update?${query}`)).body);

describe('settings written by cutover and release-channel reach a running server', { timeout: 90_000 }, () => {
  it('desktop-only: notice at /, browsers refused with the envelope, bearer clients and their sockets untouched; hybrid: the app again', async () => {
    const desktop = await registerAndLogin(env.a);
    const socket = env.track(await connectSocket(env.t.url, desktop.accessToken));
    let dropped = 0;
    socket.on('disconnect', () => dropped++);
    const jar = new CookieJar();
    expect((await env.a.post('/api/login', { username: desktop.username, password: PASSWORD }, { jar })).status).toBe(200);
    expect((await env.a.get('/api/rooms', { jar })).status).toBe(200);
    expect(await home()).toContain('the-app');

    const cut = await runCommand('cutover', ['--mode', 'desktop-only', '--min-version', '1.2.0', '--latest-version', '1.5.0', '--download-url', 'https://dl.example.com/m.zip'], { DATA_DIR: env.t.dataDir });
    expect(cut.code, cut.stderr).toBe(0);
    await until(async () => (await home()).includes('desktop-only-notice'));
    const notice = await home();
    expect(notice).toContain('1.2.0');
    expect(notice).toContain('1.5.0');
    expect(notice).toContain('https://dl.example.com/m.zip');
    expect(notice).not.toContain('the-app');

    const login = await env.a.post('/api/login', { username: desktop.username, password: PASSWORD });
    expect(login.status).toBe(403);
    expect(errorEnvelopeSchema.parse(login.body).error_code).toBe('AUTH_BROWSER_LOGIN_DISABLED');
    const cookieCall = await env.a.get('/api/rooms', { jar });
    expect(cookieCall.status).toBe(403);
    expect(errorEnvelopeSchema.parse(cookieCall.body).error_code).toBe('AUTH_BROWSER_LOGIN_DISABLED');
    expect((await env.a.get('/api/rooms', { token: desktop.accessToken })).status).toBe(200);
    expect(await update('client_version=1.1.0')).toMatchObject({ desktop_only_mode: true, minimum_version: '1.2.0', latest_version: '1.5.0', force_update: true });
    // Both channels follow a cutover.
    expect(await update('client_version=1.3.0&channel=canary')).toMatchObject({ minimum_version: '1.2.0', latest_version: '1.5.0', update_available: true, force_update: false });

    const back = await runInProcess(cutover, ['--mode', 'hybrid'], { DATA_DIR: env.t.dataDir });
    expect(back.code, back.stderr).toBe(0);
    await until(async () => (await home()).includes('the-app'));
    expect((await env.a.post('/api/login', { username: desktop.username, password: PASSWORD })).status).toBe(200);
    expect(await update('client_version=1.1.0')).toMatchObject({ desktop_only_mode: false, minimum_version: '1.2.0' });

    await roundTrip(socket);
    expect(socket.connected).toBe(true);
    expect(dropped).toBe(0);
  });

  it('release-channel publishes a signed artifact on one channel', async () => {
    const artifact = path.join(env.t.dataDir, '..', `artifact-${process.pid}.zip`);
    fs.writeFileSync(artifact, crypto.randomBytes(4096));
    try {
      const res = await runInProcess(releaseChannel, ['--channel', 'canary', '--version', '1.6.0', '--artifact', artifact, '--download-url', 'https://dl.example.com/1.6.0.zip'], { DATA_DIR: env.t.dataDir });
      expect(res.code, res.stderr).toBe(0);
      await until(async () => (await update('channel=canary')).latest_version === '1.6.0');
      const canary = await update('channel=canary&client_version=1.5.0');
      const sha = crypto.createHash('sha256').update(fs.readFileSync(artifact)).digest('hex');
      expect(canary).toMatchObject({ update_available: true, download_url: 'https://dl.example.com/1.6.0.zip', artifact_sha256: sha, signature_alg: 'ed25519' });
      // The key stays in the data dir; its public half verifies the statement.
      const key = JSON.parse(fs.readFileSync(path.join(env.t.dataDir, 'release-signing-key.json'), 'utf8'));
      expect(fs.statSync(path.join(env.t.dataDir, 'release-signing-key.json')).mode & 0o077).toBe(0);
      const pub = crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(key.public_key, 'base64').toString('base64url') }, format: 'jwk' });
      expect(crypto.verify(null, Buffer.from(releaseStatement('1.6.0', sha)), pub, Buffer.from(canary.artifact_signature!, 'base64'))).toBe(true);
      expect(res.stdout).toContain(key.public_key);
      // The stable channel is untouched.
      expect(await update('channel=stable')).toMatchObject({ latest_version: '1.5.0' });
      expect((await update('channel=stable')).artifact_signature).toBeUndefined();
    } finally {
      fs.rmSync(artifact, { force: true });
    }
  });

  it('refuses bad input with a usage error and leaves the settings as they were', async () => {
    const before = fs.readFileSync(path.join(env.t.dataDir, 'settings.json'), 'utf8');
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const cases: Array<[Command, string[]]> = [
        [cutover, ['--mode', 'web']],
        [cutover, ['--mode', 'hybrid', '--download-url', 'javascript:alert(1)']],
        [cutover, ['--mode', 'hybrid', '--min-version', '2.0.0', '--latest-version', '1.0.0']],
        [cutover, ['--mode', 'hybrid', '--bogus']],
        [releaseChannel, ['--channel', 'stable', '--version', '2.0.0', '--artifact', '/nonexistent/a.zip']],
        [releaseChannel, ['--channel', 'beta', '--version', '2.0.0', '--artifact', '/etc/hostname']],
      ];
      for (const [command, args] of cases) {
        stderr.mockClear();
        expect(await command.run(args, { DATA_DIR: env.t.dataDir })).toBe(2);
        expect(stderr.mock.calls.join('')).toContain(`usage: ${command.name}`);
      }
    } finally {
      stderr.mockRestore();
    }
    expect(fs.readFileSync(path.join(env.t.dataDir, 'settings.json'), 'utf8')).toBe(before);
  });
});
