import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PASSWORD, api } from '../helpers/http.ts';

const root = path.resolve(import.meta.dirname, '../..');
const bin = (name: string) => path.join(root, 'node_modules/.bin', name);

/** One contract suite, run once per runtime entry: Node as `npm start` runs it (tsx), and Bun
 * (the `bun` devDependency) on the very same sources. */
const runtimes = [
  { name: 'node', command: bin('tsx'), entry: 'server/entry/node.ts' },
  { name: 'bun', command: bin('bun'), entry: 'server/entry/bun.ts' },
];

describe.each(runtimes)('the server entry on $name', ({ command, entry }) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'messenger-start-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  /** The entry on a free port. Resolves once it logs its URL. */
  function startEntry(env: Record<string, string>): Promise<{ proc: ChildProcess; url: string }> {
    const proc = spawn(command, [entry], {
      cwd: root,
      env: { ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    return new Promise((resolve, reject) => {
      let err = '';
      proc.stderr!.on('data', (chunk: Buffer) => {
        err += chunk.toString();
        const m = err.match(/"msg":"listening","url":"([^"]+)"/);
        if (m) resolve({ proc, url: m[1]! });
      });
      proc.once('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
    });
  }

  function exitOf(proc: ChildProcess): Promise<number | null> {
    return new Promise((resolve) => proc.once('exit', (code) => resolve(code)));
  }

  it('starts on an empty data dir, answers health 401 then 200 after login, and stops cleanly on SIGTERM', async () => {
    const { proc, url } = await startEntry({});
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
    const second = await startEntry({});
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
    const proc = spawn(command, [entry], {
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
