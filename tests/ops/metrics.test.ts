import { describe, expect, it } from 'vitest';
import { errorEnvelopeSchema } from '../../protocol/envelope.ts';
import { isLocalScrape } from '../../server/metrics/routes.ts';
import { api, registerAndLogin } from '../helpers/http.ts';
import { createRoomDirect } from '../helpers/rooms.ts';
import { connectSocket, emitAck } from '../helpers/socket.ts';
import { useServer, withServer } from '../helpers/suite.ts';
import { lanAddress, sample } from './scrape.ts';

const TOKEN = 'scrape-token-0123456789';
// Listens on every interface, so the suite can also scrape from this machine's LAN address.
const env = useServer({ env: { HOST: '0.0.0.0', METRICS_TOKEN: TOKEN } });
const lan = lanAddress();

async function scrape(base = env.t.url, headers: Record<string, string> = {}): Promise<string> {
  const res = await fetch(`${base}/metrics`, { headers });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain');
  return res.text();
}

describe('GET /metrics', () => {
  it('is open to a local scrape (no header even with METRICS_TOKEN set), with the process metrics', async () => {
    const text = await scrape();
    expect(sample(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(text).toContain('# TYPE messenger_ack_latency_seconds histogram');
    expect(text).toContain('# TYPE messenger_db_query_seconds histogram');
    expect(text).toContain('# TYPE messenger_socket_connections gauge');
  });

  it.runIf(lan)('from another address: 401 in the envelope without or with a wrong token, 200 with the right one', async () => {
    const remote = env.t.url.replace('127.0.0.1', lan!);
    for (const headers of [{}, { authorization: 'Bearer wrong-token-0123456789' }, { authorization: TOKEN }] as Array<Record<string, string>>) {
      const res = await fetch(`${remote}/metrics`, { headers });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('Bearer');
      expect(errorEnvelopeSchema.parse(await res.json()).error_code).toBe('METRICS_TOKEN_REQUIRED');
    }
    expect(sample(await scrape(remote, { authorization: `Bearer ${TOKEN}` }), 'messenger_messages_total')).toBeGreaterThanOrEqual(0);
  });

  it.runIf(lan)('from another address without METRICS_TOKEN: refused (403), even claiming loopback through X-Forwarded-For', async () => {
    await withServer({ env: { HOST: '0.0.0.0', TRUST_PROXY: 'true' } }, async (s) => {
      const remote = s.url.replace('127.0.0.1', lan!);
      for (const headers of [{}, { 'x-forwarded-for': '127.0.0.1' }, { authorization: `Bearer ${TOKEN}` }] as Array<Record<string, string>>) {
        const res = await fetch(`${remote}/metrics`, { headers });
        expect(res.status).toBe(403);
        expect(errorEnvelopeSchema.parse(await res.json()).error_code).toBe('METRICS_FORBIDDEN');
      }
      // A loopback peer is local; one relayed by a proxy on this host is not.
      expect((await fetch(`${s.url}/metrics`)).status).toBe(200);
      expect((await fetch(`${s.url}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9' } })).status).toBe(403);
    });
  });

  it('decides "local" by the socket address, never by forwarded headers', () => {
    expect(isLocalScrape('127.0.0.1', {})).toBe(true);
    expect(isLocalScrape('::1', {})).toBe(true);
    expect(isLocalScrape('::ffff:127.0.0.1', {})).toBe(true);
    expect(isLocalScrape('10.0.0.5', { xff: '127.0.0.1' })).toBe(false);
    expect(isLocalScrape('127.0.0.1', { xff: '10.0.0.5' })).toBe(false);
    expect(isLocalScrape('127.0.0.1', { forwarded: 'for=10.0.0.5' })).toBe(false);
    expect(isLocalScrape('192.168.1.10', {})).toBe(false);
    expect(isLocalScrape(undefined, {})).toBe(false);
  });
});

describe('what is counted', () => {
  it('live socket gauge, +1 per stored message (a resend is not), send→ACK latency and DB round trips', async () => {
    const [u1, u2] = await Promise.all([registerAndLogin(env.a), registerAndLogin(env.a)]);
    const room = await createRoomDirect(env.t.server, [u1.userId, u2.userId]);
    const before = await scrape();
    const base = {
      sockets: sample(before, 'messenger_socket_connections')!,
      messages: sample(before, 'messenger_messages_total')!,
      acks: sample(before, 'messenger_ack_latency_seconds_count', { event: 'send_message' }) ?? 0,
      db: sample(before, 'messenger_db_query_seconds_count', { op: 'execute' })!,
    };
    const s1 = env.track(await connectSocket(env.t.url, u1.accessToken));
    const s2 = await connectSocket(env.t.url, u2.accessToken);
    expect(sample(await scrape(), 'messenger_socket_connections')).toBe(base.sockets + 2);

    const send = (id: string) => emitAck(s1, 'send_message', { room_id: room, content: `m ${id}`, encrypted: false, type: 'text', client_msg_id: id });
    for (const id of ['metric-a', 'metric-b', 'metric-c']) expect(await send(id)).toMatchObject({ ok: true });
    expect(await send('metric-b')).toMatchObject({ ok: true, duplicate: true });

    s2.disconnect();
    // The server sees the close a moment after the client does.
    await expect.poll(async () => sample(await scrape(), 'messenger_socket_connections')).toBe(base.sockets + 1);
    const after = await scrape();
    expect(sample(after, 'messenger_messages_total')).toBe(base.messages + 3);
    expect(sample(after, 'messenger_ack_latency_seconds_count', { event: 'send_message' })).toBe(base.acks + 4);
    expect(sample(after, 'messenger_ack_latency_seconds_bucket', { event: 'send_message', le: '+Inf' })).toBe(base.acks + 4);
    expect(sample(after, 'messenger_db_query_seconds_count', { op: 'execute' })).toBeGreaterThan(base.db);
    expect(sample(after, 'messenger_db_query_seconds_count', { op: 'batch' })).toBeGreaterThan(0);
  });

  it('rate-limit refusals by route', async () => {
    await withServer({ env: { RATE_LIMIT_ENABLED: 'true', RATE_LIMIT_LOGIN: '2/minute' } }, async (s) => {
      const b = api(s.url);
      for (let i = 0; i < 4; i++) await b.post('/api/login', {});
      const text = await scrape(s.url);
      expect(sample(text, 'messenger_rate_limit_hits_total', { route: 'login' })).toBe(2);
    });
  });

  it('each server counts its own (a registry per server, nothing shared in one process)', async () => {
    await withServer({}, async (other) => {
      const u = await registerAndLogin(api(other.url));
      const room = await createRoomDirect(other.server, [u.userId]);
      await other.server.writer.write({ roomId: room, senderId: u.userId, content: 'x', encrypted: false, type: 'text' });
      expect(sample(await scrape(other.url), 'messenger_messages_total')).toBe(1);
    });
    const mine = sample(await scrape(), 'messenger_messages_total')!;
    await withServer({}, async (fresh) => {
      expect(sample(await scrape(fresh.url), 'messenger_messages_total')).toBe(0);
    });
    expect(sample(await scrape(), 'messenger_messages_total')).toBe(mine);
  });
});
