import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { type Socket, io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selfSignedCertificate } from '../../server/cli/gen-cert.ts';
import { buildServerBundle, type Spawned, spawnServer, stopProcess } from '../helpers/entry.ts';
import { PASSWORD } from '../helpers/http.ts';
import { emitAck, nextEvent } from '../helpers/socket.ts';

/** WORKERS=2 serving TLS itself: each worker terminates TLS on the shared port (the primary never
 * reads the bytes), and a polling session's requests that land on the other worker are forwarded
 * in plain HTTP over loopback. */
describe('WORKERS=2 with TLS_CERT_FILE', () => {
  const bundle = buildServerBundle();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'messenger-workers-tls-'));
  let server: Spawned;
  let ca: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    const { cert, key } = await selfSignedCertificate(['localhost', '127.0.0.1'], 1);
    ca = cert;
    fs.writeFileSync(path.join(dataDir, 'cert.pem'), cert);
    fs.writeFileSync(path.join(dataDir, 'key.pem'), key, { mode: 0o600 });
    server = await spawnServer(process.execPath, [bundle.file], {
      DATA_DIR: dataDir,
      WORKERS: '2',
      LOG_LEVEL: 'info',
      TLS_CERT_FILE: path.join(dataDir, 'cert.pem'),
      TLS_KEY_FILE: path.join(dataDir, 'key.pem'),
    });
  }, 60_000);

  afterAll(async () => {
    for (const s of sockets) s.close();
    if (server) await stopProcess(server.proc);
    bundle.cleanup();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** One HTTPS request (JSON) on a connection of its own. */
  function call(method: string, pathname: string, body?: unknown, token?: string) {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
    return new Promise<{ status: number; body: any }>((resolve, reject) => {
      const req = https.request(server.url + pathname, { method, ca, headers, agent: false }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : null }));
      });
      req.on('error', reject);
      req.end(body === undefined ? undefined : JSON.stringify(body));
    });
  }
  async function account(name: string) {
    const username = `${name}${process.pid % 10000}`;
    const reg = await call('POST', '/api/register', { username, password: PASSWORD, nickname: username });
    expect(reg.status).toBe(200);
    const login = await call('POST', '/api/device-sessions', { username, password: PASSWORD, device_name: 'tls' });
    return { userId: reg.body.user_id as number, token: login.body.access_token as string };
  }
  const log = () =>
    server
      .log()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);

  it('runs two workers that both answer HTTPS on the one port', async () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    // Each worker's own "worker ready" line may reach stderr just after the primary's "listening".
    const ready = () => log().filter((l) => l.msg === 'worker ready');
    for (let i = 0; i < 100 && ready().length < 2; i += 1) await new Promise((r) => setTimeout(r, 50));
    expect(ready()).toHaveLength(2);
    for (let i = 0; i < 4; i += 1) expect((await call('GET', '/api/system/ready')).status).toBe(200);
    let answeredBy: unknown[] = [];
    for (let i = 0; i < 100 && answeredBy.length < 4; i += 1) {
      answeredBy = log().filter((l) => l.msg === 'request' && l.path === '/api/system/ready').map((l) => l.worker);
      if (answeredBy.length < 4) await new Promise((r) => setTimeout(r, 20));
    }
    expect(new Set(answeredBy).size).toBe(2);
  });

  it('a polling-only client over TLS keeps its session whichever worker each request reaches', async () => {
    const [pat, quinn] = [await account('tlsa'), await account('tlsb')];
    const roomId = (await call('POST', '/api/rooms', { name: 'tls', members: [quinn.userId] }, pat.token)).body.room_id as number;
    const quinnSocket = io(server.url, { transports: ['websocket'], reconnection: false, auth: { token: quinn.token }, forceNew: true, ca });
    sockets.push(quinnSocket);
    await new Promise((resolve) => quinnSocket.once('connect', () => resolve(null)));
    // Each polling request opens its own connection: consecutive ones reach different workers.
    const polling = io(server.url, { transports: ['polling'], reconnection: false, auth: { token: pat.token }, forceNew: true, ca });
    sockets.push(polling);
    await new Promise<void>((resolve, reject) => {
      polling.once('connect', () => resolve());
      polling.once('connect_error', reject);
    });
    for (let i = 0; i < 5; i += 1) {
      const heard = nextEvent(quinnSocket, 'new_message', (m: { content: string }) => m.content === `tls ${i}`);
      expect(await emitAck(polling, 'send_message', { room_id: roomId, content: `tls ${i}`, client_msg_id: `tls-${i}` })).toMatchObject({ ok: true });
      await heard;
    }
    const back = nextEvent(polling, 'new_message', (m: { content: string }) => m.content === 'back');
    await emitAck(quinnSocket, 'send_message', { room_id: roomId, content: 'back', client_msg_id: 'tls-back' });
    await back;
    expect(polling.io.engine.transport.name).toBe('polling');
  });
});
