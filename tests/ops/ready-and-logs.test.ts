import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readyResponseSchema } from '../../protocol/rest/system.ts';
import { createLogger } from '../../server/logger.ts';
import { exitOf, root, spawnServer } from '../helpers/entry.ts';
import { PASSWORD, api } from '../helpers/http.ts';
import { useServer, withServer } from '../helpers/suite.ts';

const env = useServer();

describe('GET /api/system/ready', () => {
  it('is 200 without a login while the database answers, 503 once it does not', async () => {
    const ok = await env.a.get('/api/system/ready');
    expect(ok.status).toBe(200);
    expect(readyResponseSchema.parse(ok.body)).toMatchObject({ ready: true, db: { ok: true } });
    await withServer({}, async (broken) => {
      expect((await api(broken.url).get('/api/system/ready')).status).toBe(200);
      broken.server.db.close();
      const down = await api(broken.url).get('/api/system/ready');
      expect(down.status).toBe(503);
      expect(readyResponseSchema.parse(down.body)).toMatchObject({ ready: false, db: { ok: false } });
    });
  });
});

describe('request ids', () => {
  it('returns the caller\'s X-Request-Id when it is plain, a new one otherwise', async () => {
    const mine = await env.a.get('/api/system/ready', { headers: { 'x-request-id': 'lb-7f3a.42' } });
    expect(mine.headers.get('x-request-id')).toBe('lb-7f3a.42');
    const none = await env.a.get('/api/nope');
    expect(none.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    for (const hostile of ['a b', 'x'.repeat(65), '"}{"level":"fatal']) {
      const res = await env.a.get('/api/system/ready', { headers: { 'x-request-id': hostile } });
      expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});

describe('logs', () => {
  it('one JSON line per request with its id, user, status and latency (a real server process)', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'messenger-logs-'));
    const { proc, url } = await spawnServer(path.join(root, 'node_modules/.bin/tsx'), ['server/entry/node.ts'], { DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    let err = '';
    proc.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    try {
      const a = api(url);
      expect((await a.post('/api/register', { username: 'log_user', password: PASSWORD })).status).toBe(200);
      const login = await a.post('/api/device-sessions', { username: 'log_user', password: PASSWORD });
      await a.get('/api/me', { token: login.body.access_token, headers: { 'x-request-id': 'trace-me-1' } });
      await a.get('/api/rooms', { headers: { 'x-request-id': 'trace-anon-1' } });
      const lineOf = (id: string) => err.split('\n').filter(Boolean).map((l) => JSON.parse(l)).find((l) => l.request_id === id);
      await expect.poll(() => lineOf('trace-anon-1')).toBeDefined();
      expect(lineOf('trace-me-1')).toMatchObject({ level: 'info', msg: 'request', method: 'GET', path: '/api/me', status: 200, user_id: login.body.user.id });
      expect(lineOf('trace-anon-1')).toMatchObject({ path: '/api/rooms', status: 401, user_id: null });
      expect(lineOf('trace-me-1').latency_ms).toBeGreaterThan(0);
      expect(new Date(lineOf('trace-me-1').time).toISOString()).toBe(lineOf('trace-me-1').time);
      // Secrets never reach the log line: only the path, never the query or headers.
      expect(err).not.toContain(login.body.access_token);
    } finally {
      const exited = exitOf(proc);
      proc.kill('SIGTERM');
      await exited;
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('LOG_LEVEL decides which lines are written', () => {
    const lines: string[] = [];
    const sink = { write: (s: string) => void lines.push(s) };
    const warn = createLogger('warn', sink);
    warn.info('dropped');
    warn.warn('kept', { n: 1 });
    warn.error('kept too');
    expect(lines.map((l) => JSON.parse(l))).toMatchObject([{ level: 'warn', msg: 'kept', n: 1 }, { level: 'error', msg: 'kept too' }]);
    const silent = createLogger('silent', sink);
    silent.error('nothing');
    expect(lines).toHaveLength(2);
  });
});
