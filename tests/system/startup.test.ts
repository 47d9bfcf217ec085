import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildServerBundle, exitOf, root, spawnServer } from '../helpers/entry.ts';
import { PASSWORD, api } from '../helpers/http.ts';

const bundle = buildServerBundle();
afterAll(() => bundle.cleanup());

/** One contract suite, run once per runtime entry: Node on the bundle `npm start` builds, and Bun
 * (the `bun` devDependency) straight on the TypeScript sources. */
const runtimes = [
  { name: 'node', command: process.execPath, args: [bundle.file] },
  { name: 'bun', command: path.join(root, 'node_modules/.bin/bun'), args: ['server/entry/bun.ts'] },
];

describe.each(runtimes)('the server entry on $name', ({ command, args }) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'messenger-start-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const start = () => spawnServer(command, args, { DATA_DIR: dataDir });

  it('starts on an empty data dir, answers health 401 then 200 after login, and stops cleanly on SIGTERM', async () => {
    const { proc, url } = await start();
    const a = api(url);
    expect((await a.get('/api/system/health')).status).toBe(401);
    expect((await a.post('/api/register', { username: 'startup_user', password: PASSWORD })).status).toBe(200);
    const login = await a.post('/api/device-sessions', { username: 'startup_user', password: PASSWORD });
    expect((await a.get('/api/system/health', { token: login.body.access_token })).status).toBe(200);

    expect(fs.statSync(path.join(dataDir, 'secrets.json')).mode & 0o777).toBe(0o600);
    expect(fs.existsSync(path.join(dataDir, 'messenger.db'))).toBe(true);
    const exited = exitOf(proc);
    proc.kill('SIGTERM');
    expect(await exited).toBe(0);

    // Restart on the same data: the account and the secrets (hence the device token) survive.
    const second = await start();
    try {
      const refreshed = await api(second.url).post('/api/device-sessions/refresh', { device_token: login.body.device_token });
      expect(refreshed.status).toBe(200);
    } finally {
      const done = exitOf(second.proc);
      second.proc.kill('SIGINT');
      expect(await done).toBe(0);
    }
  });

  it('refuses a bad setting with a message naming the variable (exit 2)', async () => {
    const proc = spawn(command, args, {
      cwd: root,
      env: { ...process.env, DATA_DIR: dataDir, PORT: 'eighty', RATE_LIMIT_LOGIN: 'lots' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    proc.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    expect(await exitOf(proc)).toBe(2);
    expect(err).toContain('PORT');
    expect(err).toContain('RATE_LIMIT_LOGIN');
  });
});

describe('npm start', () => {
  it('builds the bundle and runs it (the README command)', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(pkg.scripts.start).toBe('node scripts/build.mjs && node --enable-source-maps dist/server.mjs');
  });
});
