import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClient } from '@libsql/client';
import { type Socket, io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../server/db/migrations.ts';
import { type Spawned, buildServerBundle, exitOf, spawnServer } from '../helpers/entry.ts';
import { type Api, PASSWORD, api, uniqueName } from '../helpers/http.ts';
import { collect, connectSocket, emitAck, nextEvent } from '../helpers/socket.ts';

/**
 * WORKERS=2: one primary holding the port and two worker processes on one database file. Which
 * worker holds a socket is read from the kernel (/proc: the worker process that owns the server end
 * of the socket's TCP connection); which worker answered a request, from its log line (`worker`).
 */
describe('WORKERS=2: a primary and two workers on one port', () => {
  const bundle = buildServerBundle();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'messenger-workers-'));
  let server: Spawned;
  let a: Api;
  const sockets: Socket[] = [];
  let ipCounter = 0;
  const freshIp = () => ((ipCounter += 1), `10.43.${ipCounter >> 8}.${ipCounter & 255}`);

  const logLines = () =>
    server
      .log()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  const workerPids = () => logLines().filter((l) => l.msg === 'worker ready').map((l) => l.pid as number);

  async function account() {
    const username = uniqueName('wk');
    const reg = await a.post('/api/register', { username, password: PASSWORD, nickname: username }, { headers: { 'x-forwarded-for': freshIp() } });
    expect(reg.status).toBe(200);
    return { username, userId: reg.body.user_id as number, ...(await login(username)) };
  }
  async function login(username: string) {
    const res = await a.post('/api/device-sessions', { username, password: PASSWORD, device_name: 'workers' }, { headers: { 'x-forwarded-for': freshIp() } });
    expect(res.status).toBe(200);
    return { token: res.body.access_token as string };
  }
  async function socket(token: string) {
    const s = await connectSocket(server.url, token);
    sockets.push(s);
    return s;
  }
  /** A socket for `token` on a different worker than `other` (least-connection puts the next
   * connection on the less busy worker; a few tries at most). */
  async function socketElsewhere(token: string, other: Socket): Promise<Socket> {
    const avoid = workerOf(other);
    for (let i = 0; i < 6; i += 1) {
      const s = await socket(token);
      if (workerOf(s) !== avoid) return s;
    }
    throw new Error('every connection landed on one worker');
  }
  async function room(token: string, members: number[]) {
    const res = await a.post('/api/rooms', { name: 'workers', members }, { token });
    expect(res.status).toBe(200);
    return res.body.room_id as number;
  }

  /** The worker process that holds the server end of this websocket's TCP connection. */
  function workerOf(s: Socket): number {
    const clientPort = (s.io.engine.transport as unknown as { ws: { _socket: { localPort: number } } }).ws._socket.localPort;
    const serverPort = Number(new URL(server.url).port);
    const inodes = new Set<string>();
    for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
      for (const line of fs.readFileSync(table, 'utf8').split('\n').slice(1)) {
        const f = line.trim().split(/\s+/);
        if (f.length < 10) continue;
        const port = (addr: string) => parseInt(addr.split(':')[1]!, 16);
        if (port(f[1]!) === serverPort && port(f[2]!) === clientPort) inodes.add(f[9]!);
      }
    }
    for (const pid of workerPids()) {
      let fds: string[];
      try {
        fds = fs.readdirSync(`/proc/${pid}/fd`);
      } catch {
        continue;
      }
      for (const fd of fds) {
        const target = (() => {
          try {
            return fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
          } catch {
            return '';
          }
        })();
        const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
        if (inode && inodes.has(inode)) return pid;
      }
    }
    throw new Error(`no worker holds the connection from port ${clientPort}`);
  }

  beforeAll(async () => {
    // A fresh folder: both workers open (and migrate) the new database file at the same moment.
    server = await spawnServer(process.execPath, [bundle.file], {
      DATA_DIR: dataDir,
      WORKERS: '2',
      LOG_LEVEL: 'info',
      TRUST_PROXY: 'true',
      RATE_LIMIT_ENABLED: 'true',
      RATE_LIMIT_REGISTER: '1000/minute',
      RATE_LIMIT_DEVICE_LOGIN: '1000/minute',
      RATE_LIMIT_LOGIN: '4/minute',
    });
    a = api(server.url);
  }, 60_000);

  afterAll(async () => {
    for (const s of sockets) s.close();
    if (server && server.proc.exitCode === null && server.proc.signalCode === null) {
      const done = exitOf(server.proc);
      server.proc.kill('SIGKILL');
      await done;
    }
    bundle.cleanup();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts two workers that migrated the new database once, and prints one "listening" line', async () => {
    // Each worker's own "worker ready" line may reach stderr just after the primary's "listening".
    for (let i = 0; i < 100 && new Set(workerPids()).size < 2; i += 1) await new Promise((r) => setTimeout(r, 50));
    expect(new Set(workerPids()).size).toBe(2);
    expect(logLines().filter((l) => l.msg === 'listening')).toHaveLength(1);
    expect(server.log()).not.toContain('migration');
    const db = createClient({ url: `file:${path.join(dataDir, 'messenger.db')}` });
    try {
      const rs = await db.execute('SELECT version FROM schema_migrations ORDER BY version');
      expect(rs.rows.map((r) => Number(r.version))).toEqual(migrations.map((m) => m.version));
    } finally {
      db.close();
    }
    const u = await account();
    const health = await a.get('/api/system/health', { token: u.token });
    expect(health.body.realtime).toMatchObject({ adapter: 'cluster', ok: true });
    expect(health.body.rate_limit).toMatchObject({ storage_uri: 'memory://primary', ok: true });
  });

  it('a message sent from a socket on one worker reaches a socket on the other exactly once', async () => {
    const [alice, bob] = [await account(), await account()];
    const roomId = await room(alice.token, [bob.userId]);
    const aliceSocket = await socket(alice.token);
    const bobSocket = await socketElsewhere(bob.token, aliceSocket);
    expect(workerOf(bobSocket)).not.toBe(workerOf(aliceSocket));
    const heard = collect<{ id: number }>(bobSocket, 'new_message');

    const first = await emitAck(aliceSocket, 'send_message', { room_id: roomId, content: 'across workers', client_msg_id: 'w-1' });
    expect(first).toMatchObject({ ok: true });
    const marker = await emitAck(aliceSocket, 'send_message', { room_id: roomId, content: 'marker', client_msg_id: 'w-2' });
    if (!heard.some((m) => m.id === marker.message_id)) await nextEvent(bobSocket, 'new_message', (m: { id: number }) => m.id === marker.message_id);
    expect(heard.map((m) => m.id)).toEqual([first.message_id, marker.message_id]);
  });

  it('presence and typing cross workers; online on the other worker keeps a user online', async () => {
    const [bob, dave] = [await account(), await account()];
    const roomId = await room(bob.token, [dave.userId]);
    const bobSocket = await socket(bob.token);
    const statuses = collect<{ user_id: number; status: string }>(bobSocket, 'user_status');

    const online = nextEvent(bobSocket, 'user_status', (e: { user_id: number; status: string }) => e.user_id === dave.userId && e.status === 'online');
    const daveThere = await socketElsewhere(dave.token, bobSocket);
    await online;
    const typing = nextEvent(bobSocket, 'user_typing', (e: { user_id: number; is_typing: boolean }) => e.user_id === dave.userId && e.is_typing);
    expect(await emitAck(daveThere, 'typing', { room_id: roomId, is_typing: true })).toMatchObject({ ok: true });
    expect(await typing).toMatchObject({ room_id: roomId, is_typing: true });

    // Dave's second socket on Bob's worker; closing the first one (other worker) is no "offline".
    const daveHere = await socketElsewhere((await login(dave.username)).token, daveThere);
    daveThere.close();
    await new Promise((r) => setTimeout(r, 300));
    const stop = nextEvent(bobSocket, 'user_typing', (e: { user_id: number; is_typing: boolean }) => e.user_id === dave.userId && !e.is_typing);
    await emitAck(daveHere, 'typing', { room_id: roomId, is_typing: false });
    await stop;
    expect(statuses.filter((e) => e.user_id === dave.userId && e.status === 'offline')).toEqual([]);
    const offline = nextEvent(bobSocket, 'user_status', (e: { user_id: number; status: string }) => e.user_id === dave.userId && e.status === 'offline');
    daveHere.close();
    await offline;
  });

  it('revoking sessions cuts their sockets on both workers at once', async () => {
    const erin = await account();
    const onOne = await socket(erin.token);
    const second = await login(erin.username);
    const onOther = await socketElsewhere(second.token, onOne);
    expect(workerOf(onOther)).not.toBe(workerOf(onOne));
    const cut = [onOne, onOther].map((s) => new Promise<string>((resolve) => s.once('disconnect', (reason) => resolve(reason))));
    // A third session revokes the other two: whichever worker answers, one socket is on the other.
    const third = await login(erin.username);
    const revoke = await a.post('/api/device-sessions/revoke-others', undefined, { token: third.token });
    expect(revoke.status).toBe(200);
    expect(await Promise.all(cut)).toEqual(['io server disconnect', 'io server disconnect']);
    expect((await a.get('/api/device-sessions', { token: erin.token })).status).toBe(401);
    expect((await a.get('/api/device-sessions', { token: second.token })).status).toBe(401);
    expect((await a.get('/api/device-sessions', { token: third.token })).status).toBe(200);
  });

  it('a rate limit counts the attempts both workers answered', async () => {
    for (const s of sockets) s.close();
    await new Promise((r) => setTimeout(r, 300));
    const headers = { 'x-forwarded-for': '10.99.0.7' };
    const attempt = () => a.post('/api/login', { username: 'nobody_here', password: 'wrong-password' }, { headers });
    // With no sockets open, plain requests go to one worker; one socket there sends the next ones to the other.
    const statuses = [(await attempt()).status, (await attempt()).status];
    const u = await account();
    await socket(u.token);
    await new Promise((r) => setTimeout(r, 300));
    statuses.push((await attempt()).status, (await attempt()).status);
    expect(statuses).toEqual([401, 401, 401, 401]);
    const fifth = await attempt();
    expect(fifth.status).toBe(429);
    expect(fifth.body.error_code).toBe('RATE_LIMITED');
    const answeredBy = logLines().filter((l) => l.msg === 'request' && l.path === '/api/login' && l.ip === '10.99.0.7').map((l) => l.worker);
    expect(answeredBy).toHaveLength(5);
    expect(new Set(answeredBy).size).toBe(2);
  });

  it('polling transport works: every request of a session reaches its worker', async () => {
    const [pat, quinn] = [await account(), await account()];
    const roomId = await room(pat.token, [quinn.userId]);
    const polling = io(server.url, { transports: ['polling'], reconnection: false, auth: { token: pat.token }, forceNew: true });
    sockets.push(polling);
    await new Promise<void>((resolve, reject) => {
      polling.once('connect', () => resolve());
      polling.once('connect_error', reject);
    });
    const quinnSocket = await socket(quinn.token);
    for (let i = 0; i < 5; i += 1) {
      const heard = nextEvent(quinnSocket, 'new_message', (m: { content: string }) => m.content === `poll ${i}`);
      expect(await emitAck(polling, 'send_message', { room_id: roomId, content: `poll ${i}`, client_msg_id: `p-${i}` })).toMatchObject({ ok: true });
      await heard;
    }
    const back = nextEvent(polling, 'new_message', (m: { content: string }) => m.content === 'to polling');
    await emitAck(quinnSocket, 'send_message', { room_id: roomId, content: 'to polling', client_msg_id: 'p-back' });
    await back;
    expect(polling.io.engine.transport.name).toBe('polling');
  });

  it('a worker that dies is replaced, and the server keeps answering', async () => {
    const [victim] = workerPids();
    process.kill(victim!, 'SIGKILL');
    for (let i = 0; i < 250 && workerPids().length < 3; i += 1) await new Promise((r) => setTimeout(r, 40));
    expect(workerPids()).toHaveLength(3);
    expect(logLines().some((l) => l.msg === 'worker exited: starting another' && l.pid === victim)).toBe(true);
    for (let i = 0; i < 4; i += 1) expect((await a.get('/api/system/health')).status).toBe(401);
  });

  it('SIGTERM: every worker drains and the primary exits 0', async () => {
    const alive = workerPids().filter((pid) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    });
    expect(alive).toHaveLength(2);
    const done = exitOf(server.proc);
    server.proc.kill('SIGTERM');
    expect(await done).toBe(0);
    expect(logLines().filter((l) => l.msg === 'shutting down' && l.worker !== undefined)).toHaveLength(2);
    for (const pid of alive) expect(() => process.kill(pid, 0)).toThrow();
  });
});
