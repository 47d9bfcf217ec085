import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { createClient } from '@libsql/client';
import { type Socket, io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../server/db/migrations.ts';
import { buildServerBundle, exitOf, type Spawned, spawnServer, stopProcess } from '../helpers/entry.ts';
import { type Api, PASSWORD, api, uniqueName } from '../helpers/http.ts';
import { collect, connectSocket, emitAck, nextEvent } from '../helpers/socket.ts';

/**
 * WORKERS=2: one primary holding the port and two worker processes on one database file. Which
 * worker holds a socket is read from the kernel (/proc: the worker process that owns the server end
 * of the socket's TCP connection); which worker answered a request, from its log line (`worker`).
 */
/** Gives a WebSocket upgrade a TCP connection that a chosen worker already accepted: one that
 * does not hold the session (`owner()`, asked once the polling handshake is done). */
class CrossingAgent extends http.Agent {
  constructor(
    private held: Map<number, net.Socket>,
    private owner: () => number | undefined,
  ) {
    super();
  }
  override createConnection(): Duplex {
    const owner = this.owner();
    return [...this.held].find(([pid]) => pid !== owner)![1];
  }
}

/** Sends the first request over `first` (a connection already accepted by a chosen worker), every
 * later one over a new connection of its own. */
class FirstConnectionAgent extends http.Agent {
  constructor(private first: net.Socket | null) {
    super();
  }
  override createConnection(options: http.ClientRequestArgs): Duplex {
    const next = this.first ?? net.connect(options as net.NetConnectOpts);
    this.first = null;
    return next;
  }
}

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
  /** A socket for `token` on a different worker than `other` (the kernel deals new connections
   * to the workers round robin; a few tries at most). */
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

  /** `perWorker` idle TCP connections already accepted by each worker, by worker pid (the kernel
   * deals new connections to the workers in turn; which one took it is read from /proc). */
  async function acceptedConnections(perWorker: number): Promise<Map<number, net.Socket[]>> {
    const held = new Map<number, net.Socket[]>(workerPids().slice(-2).map((pid) => [pid, []]));
    const full = () => [...held.values()].every((list) => list.length >= perWorker);
    for (let i = 0; i < 10 * perWorker && !full(); i += 1) {
      const c = await new Promise<net.Socket>((resolve) => {
        const conn = net.connect(Number(new URL(server.url).port), '127.0.0.1', () => resolve(conn));
      });
      let pid: number | undefined;
      for (let t = 0; t < 50 && pid === undefined; t += 1) {
        try {
          pid = workerOfPort(c.localPort!);
        } catch {
          await new Promise((r) => setTimeout(r, 20)); // still being handed over
        }
      }
      const list = pid === undefined ? undefined : held.get(pid);
      if (list && list.length < perWorker) list.push(c);
      else c.destroy();
    }
    expect(full()).toBe(true);
    return held;
  }

  /** One request with node:http: a connection of its own unless an agent is given. */
  function rawRequest(method: string, path: string, headers: Record<string, string>, body?: string, agent: http.Agent | false = false, base = server.url) {
    return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string; reusedSocket: boolean; localPort: number }>((resolve, reject) => {
      const req = http.request(base + path, { method, headers, agent }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text, reusedSocket: req.reusedSocket, localPort: res.socket?.localPort ?? 0 }));
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  /** The worker process that holds the server end of this websocket's TCP connection. */
  function workerOf(s: Socket): number {
    return workerOfPort((s.io.engine.transport as unknown as { ws: { _socket: { localPort: number } } }).ws._socket.localPort);
  }
  function workerOfPort(clientPort: number): number {
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
    if (server) await stopProcess(server.proc, 'SIGKILL');
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
    // Each attempt on a connection of its own: consecutive connections go to different workers.
    const attempt = () => rawRequest('POST', '/api/login', { 'x-forwarded-for': '10.99.0.7', 'content-type': 'application/json' }, JSON.stringify({ username: 'nobody_here', password: 'wrong-password' }));
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await attempt()).status);
    expect(statuses).toEqual([401, 401, 401, 401]);
    const fifth = await attempt();
    expect(fifth.status).toBe(429);
    expect(JSON.parse(fifth.body).error_code).toBe('RATE_LIMITED');
    const answeredBy = () => logLines().filter((l) => l.msg === 'request' && l.path === '/api/login' && l.ip === '10.99.0.7').map((l) => l.worker);
    // The log line of the last answer may still be on its way.
    for (let i = 0; i < 100 && answeredBy().length < 5; i += 1) await new Promise((r) => setTimeout(r, 20));
    expect(answeredBy()).toHaveLength(5);
    expect(new Set(answeredBy()).size).toBe(2);
  });

  it('HTTP keep-alive: one connection serves several requests, with no "Connection: close"', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const answers = [];
      for (let i = 0; i < 4; i += 1) answers.push(await rawRequest('GET', '/api/system/health', {}, undefined, agent));
      expect(answers.map((r) => r.status)).toEqual([401, 401, 401, 401]);
      expect(answers.map((r) => r.headers.connection)).toEqual(['keep-alive', 'keep-alive', 'keep-alive', 'keep-alive']);
      expect(answers.map((r) => r.reusedSocket)).toEqual([false, true, true, true]);
      expect(new Set(answers.map((r) => r.localPort)).size).toBe(1);
    } finally {
      agent.destroy();
    }
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

  it('polling-only clients work whichever worker each of their requests lands on', async () => {
    const listener = await account();
    const clients = await Promise.all(Array.from({ length: 4 }, () => account()));
    const roomId = await room(listener.token, clients.map((c) => c.userId));
    const listenerSocket = await socket(listener.token);
    const polling: Socket[] = [];
    // Two handshakes on each worker, over connections it already accepted.
    const steered = [...(await acceptedConnections(2))].flatMap(([pid, list]) => list.map((c) => ({ pid, c })));
    for (const [n, c] of clients.entries()) {
      const agent = new FirstConnectionAgent(steered[n]!.c);
      const s = io(server.url, { transports: ['polling'], reconnection: false, auth: { token: c.token }, forceNew: true, agent: agent as unknown as string });
      sockets.push(s);
      polling.push(s);
      await new Promise<void>((resolve, reject) => {
        s.once('connect', () => resolve());
        s.once('connect_error', reject);
      });
    }
    // After the handshake, each request of the Node client opens its own connection, so about
    // half of them land on the worker that does not hold the session and are forwarded.
    await Promise.all(
      polling.map(async (s, n) => {
        for (let i = 0; i < 5; i += 1) {
          const content = `poll ${n}.${i}`;
          const heard = nextEvent(listenerSocket, 'new_message', (m: { content: string }) => m.content === content);
          expect(await emitAck(s, 'send_message', { room_id: roomId, content, client_msg_id: `pp-${n}-${i}` })).toMatchObject({ ok: true });
          await heard;
        }
      }),
    );
    const back = polling.map((s) => nextEvent(s, 'new_message', (m: { content: string }) => m.content === 'to every poller'));
    await emitAck(listenerSocket, 'send_message', { room_id: roomId, content: 'to every poller', client_msg_id: 'pp-back' });
    await Promise.all(back);
    expect(polling.every((s) => s.io.engine.transport.name === 'polling')).toBe(true);
    // Session ids start with the index of the worker that holds them: two on each.
    const indexOfPid = new Map(logLines().filter((l) => l.msg === 'worker ready').map((l) => [l.pid as number, String(l.index)]));
    expect(polling.map((s) => s.io.engine.id.split('.')[0])).toEqual(steered.map((h) => indexOfPid.get(h.pid)));
    expect(new Set(steered.map((h) => h.pid)).size).toBe(2);
    for (const s of polling) s.close();
  });

  it('a polling session upgrading to WebSocket on the other worker is piped to its worker', async () => {
    const [sam, tess] = [await account(), await account()];
    const roomId = await room(sam.token, [tess.userId]);
    const tessSocket = await socket(tess.token);
    const pidOfIndex = new Map(logLines().filter((l) => l.msg === 'worker ready').map((l) => [String(l.index), l.pid as number]));
    const held = new Map([...(await acceptedConnections(1))].map(([pid, [c]]) => [pid, c!]));
    // Polling first; the upgrade then goes over the connection of the worker without the session.
    const agent = new CrossingAgent(held, () => pidOfIndex.get(crossed.io.engine.id.split('.')[0]!));
    const crossed: Socket = io(server.url, {
      transports: ['polling', 'websocket'],
      reconnection: false,
      auth: { token: sam.token },
      forceNew: true,
      transportOptions: { websocket: { agent } },
    });
    sockets.push(crossed);
    await new Promise<void>((resolve, reject) => {
      crossed.once('connect', () => resolve());
      crossed.once('connect_error', reject);
    });
    if (crossed.io.engine.transport.name !== 'websocket') await new Promise((resolve) => crossed.io.engine.once('upgrade', resolve));
    expect(workerOf(crossed)).not.toBe(pidOfIndex.get(crossed.io.engine.id.split('.')[0]!));
    const heard = nextEvent(tessSocket, 'new_message', (m: { content: string }) => m.content === 'through the pipe');
    expect(await emitAck(crossed, 'send_message', { room_id: roomId, content: 'through the pipe', client_msg_id: 'up-1' })).toMatchObject({ ok: true });
    await heard;
    const back = nextEvent(crossed, 'new_message', (m: { content: string }) => m.content === 'back through');
    await emitAck(tessSocket, 'send_message', { room_id: roomId, content: 'back through', client_msg_id: 'up-2' });
    await back;
    for (const c of held.values()) c.destroy();
  });

  it("a worker's private port answers only forwarded socket.io requests that carry the secret", async () => {
    const ready = logLines().find((l) => l.msg === 'worker ready')!;
    const base = `http://127.0.0.1:${ready.routing_port as number}`;
    // The worker's environment as it started (it drops the secret from process.env at once).
    const secret = /MESSENGER_CLUSTER_SECRET=([^\0]+)/.exec(fs.readFileSync(`/proc/${ready.pid as number}/environ`, 'latin1'))![1]!;
    const handshake = '/socket.io/?EIO=4&transport=polling';
    const get = async (path: string, headers: Record<string, string> = {}) => (await fetch(base + path, { headers })).status;
    expect(await get(handshake)).toBe(404);
    expect(await get(handshake, { 'x-messenger-routing': 'not-the-secret' })).toBe(404);
    expect(await get(handshake, { 'x-messenger-routing': secret.slice(1) })).toBe(404);
    expect(await get('/api/system/health', { 'x-messenger-routing': secret })).toBe(404);
    // The same request with the secret reaches Engine.IO (a new session): the 404s were the gate.
    expect(await get(handshake, { 'x-messenger-routing': secret })).toBe(200);
    const upgrade = await rawRequest('GET', '/socket.io/?EIO=4&transport=websocket', { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' }, undefined, false, base);
    expect(upgrade.status).toBe(404);
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
