import http from 'node:http';
import { createClient } from '@libsql/client';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Spawned } from '../helpers/entry.ts';
import { type Api, PASSWORD, api, uniqueName } from '../helpers/http.ts';
import { collect, connectSocket, emitAck, nextEvent, roundTrip } from '../helpers/socket.ts';
import { Cluster, RedisProcess, freePort, redisAvailable } from './harness.ts';

/**
 * Three instances (Node, Node, Bun) as separate processes on one shared database and one Redis
 * (REDIS_URL): what crosses instances, and what survives an instance's kill -9 and Redis going away.
 * The database is a shared libSQL file (WAL, one machine); sqld is used when another change
 * provides it.
 */
describe.each([1, 2])('a cluster of three instances on Redis, WORKERS=%i per Node instance', (workers) => {
  let redis: RedisProcess;
  let cluster: Cluster;
  let one: Spawned, two: Spawned, three: Spawned;
  const sockets: Socket[] = [];

  let ipCounter = 0;
  /** A distinct client IP per account (TRUST_PROXY), so the suite's own sign-ups stay under the limits. */
  const freshIp = () => ((ipCounter += 1), `10.42.${ipCounter >> 8}.${ipCounter & 255}`);

  async function account(a: Api) {
    const headers = { 'x-forwarded-for': freshIp() };
    const username = uniqueName('cl');
    const reg = await a.post('/api/register', { username, password: PASSWORD, nickname: username }, { headers });
    expect(reg.status).toBe(200);
    return { username, userId: reg.body.user_id as number, ...(await login(a, username)) };
  }
  async function login(a: Api, username: string) {
    const res = await a.post('/api/device-sessions', { username, password: PASSWORD, device_name: 'cluster' }, { headers: { 'x-forwarded-for': freshIp() } });
    expect(res.status).toBe(200);
    return { token: res.body.access_token as string, sessionId: res.body.device_session_id as number };
  }
  async function socket(at: Spawned, token: string) {
    const s = await connectSocket(at.url, token);
    sockets.push(s);
    return s;
  }
  async function room(at: Spawned, token: string, members: number[]) {
    const res = await api(at.url).post('/api/rooms', { name: 'cluster', members }, { token });
    expect(res.status).toBe(200);
    return res.body.room_id as number;
  }
  /** Health from every worker of an instance: each request on a connection of its own, which the
   * kernel deals to the workers in turn (a kept-alive connection would ask one worker each time). */
  async function healthyEverywhere(at: Spawned, token: string): Promise<boolean> {
    for (let i = 0; i < 2 * workers; i += 1) {
      const body = await new Promise<string>((resolve, reject) => {
        const req = http.get(`${at.url}/api/system/health`, { agent: false, headers: { authorization: `Bearer ${token}` } }, (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve(text));
        });
        req.on('error', reject);
      });
      const h = JSON.parse(body) as { status: string; realtime: { ok: boolean } };
      if (h.status !== 'ok' || !h.realtime.ok) return false;
    }
    return true;
  }
  /** Resolves once `seen` (collected from `s`) holds message `id`. */
  async function arrived(s: Socket, seen: { id: number }[], id: number): Promise<void> {
    if (!seen.some((m) => m.id === id)) await nextEvent(s, 'new_message', (m: { id: number }) => m.id === id);
  }
  async function storedIds(roomId: number): Promise<{ id: number; client_msg_id: string | null }[]> {
    const db = createClient({ url: cluster.databaseUrl });
    try {
      const rs = await db.execute({ sql: "SELECT id, client_msg_id FROM messages WHERE room_id = ? AND message_type = 'text'", args: [roomId] });
      return rs.rows.map((r) => ({ id: Number(r.id), client_msg_id: r.client_msg_id as string | null }));
    } finally {
      db.close();
    }
  }

  beforeAll(async () => {
    // Not skipped when missing: CI installs it (.ci/apt-packages), and a skip would pass for green.
    if (!redisAvailable()) throw new Error('redis-server is not installed (apt-get install redis-server; see .ci/apt-packages)');
    redis = new RedisProcess(await freePort());
    await redis.start();
    cluster = new Cluster(redis.url, workers);
    console.log(`cluster database: ${await cluster.database()} (${cluster.databaseUrl})`);
    one = await cluster.start('node');
    two = await cluster.start('node');
    three = await cluster.start('bun');
  }, 120_000);

  afterAll(async () => {
    for (const s of sockets) s.close();
    await cluster?.stop();
    await redis?.stop();
  }, 60_000);

  it('every instance reports the Redis adapter, healthy', async () => {
    const u = await account(api(one.url));
    for (const at of [one, two, three]) {
      const health = await api(at.url).get('/api/system/health', { token: u.token });
      expect(health.status).toBe(200);
      expect(health.body.realtime).toMatchObject({ adapter: 'redis', ok: true });
      expect(health.body.rate_limit).toMatchObject({ storage_uri: redis.url, ok: true });
      expect(health.body.status).toBe('ok');
    }
  });

  it('a message sent through instance 1 reaches members on instances 2 and 3 exactly once', async () => {
    const a = api(one.url);
    const [alice, bob, carol] = [await account(a), await account(a), await account(a)];
    // Connected before the room exists: the room's channel join must cross instances too.
    const aliceSocket = await socket(one, alice.token);
    const bobSocket = await socket(two, bob.token);
    const carolOn3 = await socket(three, carol.token);
    const carolOn2 = await socket(two, (await login(a, carol.username)).token);
    const roomId = await room(one, alice.token, [bob.userId, carol.userId]);
    const heard = [bobSocket, carolOn3, carolOn2].map((s) => collect<{ id: number; room_id: number }>(s, 'new_message'));

    const first = await emitAck(aliceSocket, 'send_message', { room_id: roomId, content: 'hello cluster', client_msg_id: 'fan-1' });
    expect(first).toMatchObject({ ok: true });
    // A second message marks the end: Redis keeps one publisher's order, so a duplicate of the first would be in by then.
    const marker = await emitAck(aliceSocket, 'send_message', { room_id: roomId, content: 'marker', client_msg_id: 'fan-2' });
    // (Collected from the start: the marker may have arrived before the ACK did.)
    await Promise.all([bobSocket, carolOn3, carolOn2].map((s, i) => arrived(s, heard[i]!, marker.message_id)));
    for (const seen of heard) expect(seen.map((m) => m.id)).toEqual([first.message_id, marker.message_id]);
  });

  it('presence and typing cross instances; a user online elsewhere stays online', async () => {
    const a = api(one.url);
    const [bob, dave] = [await account(a), await account(a)];
    const roomId = await room(two, bob.token, [dave.userId]);
    const bobSocket = await socket(two, bob.token);
    const statuses = collect<{ user_id: number; status: string }>(bobSocket, 'user_status');

    const daveOnline = nextEvent(bobSocket, 'user_status', (e: { user_id: number; status: string }) => e.user_id === dave.userId && e.status === 'online');
    const daveOn3 = await socket(three, dave.token);
    await daveOnline;
    const daveOn1 = await socket(one, (await login(a, dave.username)).token);

    const typing = nextEvent(bobSocket, 'user_typing', (e: { user_id: number; is_typing: boolean }) => e.user_id === dave.userId && e.is_typing);
    expect(await emitAck(daveOn3, 'typing', { room_id: roomId, is_typing: true })).toMatchObject({ ok: true });
    expect(await typing).toMatchObject({ room_id: roomId, user_id: dave.userId, is_typing: true });

    // Dave leaves instance 3 but is still on instance 1: no "offline". A typing stop through
    // instance 1 marks the point by which a wrong "offline" would have arrived.
    daveOn3.close();
    const stop = nextEvent(bobSocket, 'user_typing', (e: { user_id: number; is_typing: boolean }) => e.user_id === dave.userId && !e.is_typing);
    await new Promise((r) => setTimeout(r, 300));
    await emitAck(daveOn1, 'typing', { room_id: roomId, is_typing: false });
    await stop;
    expect(statuses.filter((e) => e.user_id === dave.userId && e.status === 'offline')).toEqual([]);

    const offline = nextEvent(bobSocket, 'user_status', (e: { user_id: number; status: string }) => e.user_id === dave.userId && e.status === 'offline');
    daveOn1.close();
    await offline;
  });

  it('a session revoked on instance 2 is cut on instance 3 at once, and the revoking session keeps working', async () => {
    const a3 = api(three.url);
    const erin = await account(api(one.url));
    const other = await login(api(one.url), erin.username);
    // Instance 3 has the session cached as live (REST and a socket).
    expect((await a3.get('/api/device-sessions', { token: erin.token })).status).toBe(200);
    const cut = await socket(three, erin.token);
    const disconnected = new Promise<string>((resolve) => cut.once('disconnect', (reason) => resolve(reason)));

    const started = Date.now();
    const revoke = await api(two.url).del(`/api/device-sessions/${erin.sessionId}`, undefined, { token: other.token });
    expect(revoke.status).toBe(200);
    expect(await disconnected).toBe('io server disconnect');
    const cutAfterMs = Date.now() - started;
    // The cache drop travels ahead of the disconnect on the same Redis connection: once the
    // socket is cut, instance 3 refuses the session on REST and for new sockets.
    expect((await a3.get('/api/device-sessions', { token: erin.token })).status).toBe(401);
    await expect(connectSocket(three.url, erin.token)).rejects.toThrow();
    expect((await a3.get('/api/device-sessions', { token: other.token })).status).toBe(200);
    console.log(`revocation: socket on instance 3 cut ${cutAfterMs} ms after the revoke request on instance 2`);
  });

  it("the same IP's 11th login attempt in a minute is refused whichever instance it reaches", async () => {
    const headers = { 'x-forwarded-for': '10.99.0.1' };
    const targets = [one, two, three];
    for (let i = 0; i < 10; i += 1) {
      const res = await api(targets[i % 3]!.url).post('/api/login', { username: 'nobody_here', password: 'wrong-password' }, { headers });
      expect(res.status).not.toBe(429);
    }
    for (const at of targets) {
      const res = await api(at.url).post('/api/login', { username: 'nobody_here', password: 'wrong-password' }, { headers });
      expect(res.status).toBe(429);
      expect(res.body.error_code).toBe('RATE_LIMITED');
    }
    // Another IP is not affected.
    const other = await api(two.url).post('/api/login', { username: 'nobody_here', password: 'wrong-password' }, { headers: { 'x-forwarded-for': '10.99.0.2' } });
    expect(other.status).toBe(401);
  });

  it('kill -9 of instance 1 mid-burst: no ACKed message lost; resends through instance 2 are ACKed as duplicates, never delivered twice', async () => {
    const a = api(two.url);
    const [frank, grace] = [await account(a), await account(a)];
    const roomId = await room(two, frank.token, [grace.userId]);
    const graceSocket = await socket(three, grace.token);
    const heard = collect<{ id: number; client_msg_id: string | null }>(graceSocket, 'new_message');

    // A steady stream, 10 in flight, until the instance dies under it (killed at the 100th ACK).
    const total = 300;
    const franks = await socket(one, frank.token);
    let gone = false;
    franks.on('disconnect', () => (gone = true));
    const acked = new Map<string, number>();
    const inFlight = new Set<Promise<void>>();
    let sent = 0;
    while (sent < total && !gone) {
      const key = `burst-${sent}`;
      const p: Promise<void> = emitAck(franks, 'send_message', { room_id: roomId, content: `burst ${sent}`, client_msg_id: key })
        .then((ack) => {
          if (ack.ok) acked.set(key, ack.message_id);
          if (acked.size === 100) one.proc.kill('SIGKILL');
        })
        .catch(() => {})
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
      sent += 1;
      if (inFlight.size >= 10) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    expect(one.proc.signalCode ?? (await new Promise((r) => one.proc.once('exit', (_c, s) => r(s))))).toBe('SIGKILL');
    expect(acked.size).toBeGreaterThanOrEqual(100);
    expect(acked.size).toBeLessThan(total);

    // The client reconnects to another instance and resends everything it had sent — the ACKed
    // ones too, to prove idempotency — then sends the rest.
    const again = await socket(two, frank.token);
    let duplicates = 0;
    let newOnes = 0;
    for (let i = 0; i < total; i += 1) {
      const key = `burst-${i}`;
      const ack = await emitAck(again, 'send_message', { room_id: roomId, content: `burst ${i}`, client_msg_id: key });
      expect(ack.ok).toBe(true);
      if (acked.has(key)) expect(ack).toMatchObject({ message_id: acked.get(key), duplicate: true });
      if (i >= sent) expect(ack.duplicate).toBeUndefined();
      if (ack.duplicate) duplicates += 1;
      else newOnes += 1;
    }
    await roundTrip(again);
    const stored = await storedIds(roomId);
    const storedIdSet = new Set(stored.map((m) => m.id));
    const lost = [...acked.values()].filter((id) => !storedIdSet.has(id));
    // Sent but not ACKed when the instance died: committed or not, each is stored once by now.
    const unacked = sent - acked.size;
    const perKey = new Map<string, number>();
    for (const m of stored) perKey.set(m.client_msg_id!, (perKey.get(m.client_msg_id!) ?? 0) + 1);
    const storedTwice = [...perKey.values()].filter((n) => n > 1).length;

    // Grace (on instance 3) hears each message once: the last resend's event marks the end.
    const last = stored.reduce((m, s) => Math.max(m, s.id), 0);
    await arrived(graceSocket, heard, last);
    const heardTwice = heard.length - new Set(heard.map((m) => m.id)).size;

    console.log(
      `kill -9 figures: sent ${sent} before the kill, ACKed ${acked.size}, unACKed ${unacked}, found after the kill ${acked.size - lost.length} of the ACKed; ` +
        `resent through instance 2 ${sent} (ACKed as duplicate ${duplicates}), new after the kill ${total - sent}, stored ${stored.length} of ${total}, ` +
        `stored twice ${storedTwice}, delivered twice ${heardTwice}, delivered live ${new Set(heard.map((m) => m.id)).size}`,
    );
    expect(lost).toEqual([]);
    expect(stored.length).toBe(total);
    expect(storedTwice).toBe(0);
    expect(heardTwice).toBe(0);
    // Every message stored through instance 2 was delivered live; one committed on instance 1 just
    // before the kill but never announced stays for history (its resend is a duplicate: no event).
    const heardIds = new Set(heard.map((m) => m.id));
    expect([...heardIds].filter((id) => !storedIdSet.has(id))).toEqual([]);
    expect(heardIds.size).toBeGreaterThanOrEqual(total - unacked);
  }, 60_000);

  it('Redis stopped and restarted mid-run: no ACKed message lost, health says degraded, fan-out recovers', async () => {
    const a = api(two.url);
    const [hank, ivy] = [await account(a), await account(a)];
    const roomId = await room(two, hank.token, [ivy.userId]);
    const hanks = await socket(two, hank.token);
    const ivys = await socket(three, ivy.token);
    const acked: number[] = [];
    const send = async (i: number) => {
      const ack = await emitAck(hanks, 'send_message', { room_id: roomId, content: `r ${i}`, client_msg_id: `redis-${i}` });
      expect(ack.ok).toBe(true);
      acked.push(ack.message_id);
      return ack.message_id as number;
    };
    for (let i = 0; i < 20; i += 1) await send(i);

    await redis.stop();
    // Instance 2 keeps serving its own clients: sends are ACKed and stored.
    for (let i = 20; i < 60; i += 1) await send(i);
    const degraded = await a.get('/api/system/health', { token: hank.token });
    expect(degraded.body.status).toBe('degraded');
    expect(degraded.body.realtime).toMatchObject({ adapter: 'redis', ok: false });
    expect(degraded.body.rate_limit.ok).toBe(false);
    // Limits still count (in memory) while Redis is away: a login answers, not hangs.
    expect((await a.post('/api/login', { username: hank.username, password: PASSWORD }, { headers: { 'x-forwarded-for': freshIp() } })).status).toBe(200);

    // An instance started while Redis is away serves, degraded.
    const late = await cluster.start('node');
    const lateHealth = await api(late.url).get('/api/system/health', { token: hank.token });
    expect(lateHealth.body).toMatchObject({ status: 'degraded', realtime: { adapter: 'redis', ok: false } });

    await redis.start();
    // Reconnection is ioredis's own (retries at most a second apart), in every process: wait for
    // the health of each worker of each instance to say so.
    for (const at of [two, three, late]) {
      for (let tries = 0; !(await healthyEverywhere(at, hank.token)); tries += 1) {
        expect(tries).toBeLessThan(100);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    for (let i = 60; i < 80; i += 1) await send(i);
    // Fan-out crosses again, also to the instance that started during the outage.
    const ivyLate = await socket(late, (await login(a, ivy.username)).token);
    const [heard, heardLate] = [ivys, ivyLate].map((s) => nextEvent<{ id: number; content: string }>(s, 'new_message', (m) => m.content === 'r 80'));
    const id = await send(80);
    expect((await heard!).id).toBe(id);
    expect((await heardLate!).id).toBe(id);

    const stored = new Set((await storedIds(roomId)).map((m) => m.id));
    const lost = acked.filter((id) => !stored.has(id));
    console.log(`redis restart figures: ACKed ${acked.length}, found ${acked.length - lost.length}, lost ${lost.length}`);
    expect(lost).toEqual([]);
    expect(acked.length).toBe(81);
  }, 60_000);
});
