import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Socket, io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Spawned, exitOf, root } from '../helpers/entry.ts';
import { PASSWORD, api, uniqueName } from '../helpers/http.ts';
import { emitAck, nextEvent } from '../helpers/socket.ts';
import { Cluster, RedisProcess, freePort, redisAvailable } from './harness.ts';

/**
 * deploy/nginx/messenger.conf, as shipped (only addresses, ports and certificate paths swapped),
 * in front of three instances: TLS ends at nginx, WebSocket and long-polling reach the instances,
 * and a client on one instance hears a client on another.
 */
const nginxBin = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((f) => fs.existsSync(f));
// The instances' certificate is self-signed, made here.
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';

describe('nginx from deploy/ in front of three instances', () => {
  let redis: RedisProcess;
  let cluster: Cluster;
  let instances: Spawned[];
  let nginx: ChildProcess;
  let dir: string;
  let https: string;
  let http: string;
  const sockets: Socket[] = [];

  /** The shipped site file with this machine's addresses. */
  function render(tlsPort: number, httpPort: number): string {
    let conf = fs.readFileSync(path.join(root, 'deploy/nginx/messenger.conf'), 'utf8');
    const upstreams = instances.map((s) => `    server ${new URL(s.url).host} max_fails=3 fail_timeout=10s;`).join('\n');
    conf = conf.replace(/( {4}server 10\.0\.0\.\d+:5000[^\n]*\n)+/, `${upstreams}\n`);
    conf = conf.replace(/^\s*listen \[::\]:\d+[^\n]*\n/gm, '');
    conf = conf.replace('listen 443 ssl;', `listen 127.0.0.1:${tlsPort} ssl;`).replace('listen 80;', `listen 127.0.0.1:${httpPort};`);
    conf = conf.replace('/etc/messenger/tls/', `${dir}/`).replace('/etc/messenger/tls/', `${dir}/`);
    expect(conf).not.toContain('10.0.0.');
    return conf;
  }

  function mainConf(): string {
    const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${dir}/${t};`).join(' ');
    const user = process.getuid?.() === 0 ? 'user root;' : '';
    return `${user} daemon off; worker_processes 1; pid ${dir}/nginx.pid; error_log ${dir}/error.log warn;
events { worker_connections 256; }
http { access_log off; ${temp} include ${dir}/messenger.conf; }
`;
  }

  function connect(token: string, opts: { transports: ('websocket' | 'polling')[]; localAddress?: string }): Promise<Socket> {
    const s = io(https, { transports: opts.transports, reconnection: false, auth: { token }, forceNew: true, rejectUnauthorized: false, localAddress: opts.localAddress } as never);
    sockets.push(s);
    return new Promise((resolve, reject) => {
      s.once('connect', () => resolve(s));
      s.once('connect_error', (err: Error & { description?: unknown }) => reject(new Error(`${err.message} ${String((err.description as Error)?.message ?? err.description)} (local ${opts.localAddress})`)));
    });
  }

  /** Which instance holds how many sockets (asked of each instance directly). */
  async function socketCounts(token: string): Promise<number[]> {
    return Promise.all(instances.map(async (s) => (await api(s.url).get('/api/system/health', { token })).body.realtime.connected_sockets as number));
  }

  async function account(headers: Record<string, string>) {
    const username = uniqueName('ng');
    // Registered at an instance directly (the suite's sign-ups would trip the per-IP limit behind nginx).
    const reg = await api(instances[0]!.url).post('/api/register', { username, password: PASSWORD, nickname: username }, { headers });
    expect(reg.status).toBe(200);
    const login = await api(https).post('/api/device-sessions', { username, password: PASSWORD, device_name: 'nginx' });
    expect(login.status).toBe(200);
    return { userId: reg.body.user_id as number, token: login.body.access_token as string };
  }

  beforeAll(async () => {
    if (!redisAvailable()) throw new Error('redis-server is not installed (see .ci/apt-packages)');
    if (!nginxBin) throw new Error('nginx is not installed (apt-get install nginx-light; see .ci/apt-packages)');
    redis = new RedisProcess(await freePort());
    await redis.start();
    cluster = new Cluster(redis.url);
    console.log(`cluster database: ${await cluster.database()} (${cluster.databaseUrl})`);
    instances = [await cluster.start('node'), await cluster.start('node'), await cluster.start('node')];

    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'messenger-nginx-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-keyout', `${dir}/key.pem`, '-out', `${dir}/cert.pem`], { stdio: 'ignore' });
    const [tlsPort, httpPort] = [await freePort(), await freePort()];
    https = `https://127.0.0.1:${tlsPort}`;
    http = `http://127.0.0.1:${httpPort}`;
    fs.writeFileSync(`${dir}/messenger.conf`, render(tlsPort, httpPort));
    fs.writeFileSync(`${dir}/nginx.conf`, mainConf());
    execFileSync(nginxBin, ['-t', '-p', dir, '-c', `${dir}/nginx.conf`], { stdio: 'pipe' });
    nginx = spawn(nginxBin, ['-p', dir, '-c', `${dir}/nginx.conf`], { stdio: 'ignore' });
    // Up when it answers.
    for (let tries = 0; ; tries += 1) {
      const ok = await fetch(`${https}/api/system/ready`).then((r) => r.status === 200, () => false);
      if (ok) break;
      if (tries > 100) throw new Error(`nginx did not start: ${fs.readFileSync(`${dir}/error.log`, 'utf8')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 120_000);

  afterAll(async () => {
    for (const s of sockets) s.close();
    if (nginx && nginx.exitCode === null) {
      const done = exitOf(nginx);
      nginx.kill('SIGQUIT');
      await done;
    }
    await cluster?.stop();
    await redis?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('redirects plain HTTP to HTTPS and keeps /metrics off the public side', async () => {
    const res = await fetch(`${http}/api/system/ready`, { redirect: 'manual' });
    expect(res.status).toBe(308);
    expect(res.headers.get('location')).toBe(`https://127.0.0.1/api/system/ready`);
    expect((await fetch(`${https}/metrics`)).status).toBe(404);
  });

  it('passes the real client address: a forged X-Forwarded-For does not escape the login limit', async () => {
    for (let i = 0; i < 10; i += 1) {
      const res = await api(https).post('/api/login', { username: 'nobody_here', password: 'wrong' }, { headers: { 'x-forwarded-for': `10.5.0.${i}` } });
      expect(res.status).toBe(401);
    }
    const eleventh = await api(https).post('/api/login', { username: 'nobody_here', password: 'wrong' }, { headers: { 'x-forwarded-for': '10.5.1.1' } });
    expect(eleventh.status).toBe(429);
  });

  it('balances sockets over TLS across instances; a message crosses, and long-polling works (sticky)', async () => {
    const alice = await account({ 'x-forwarded-for': '10.6.0.1' });
    const bob = await account({ 'x-forwarded-for': '10.6.0.2' });
    const roomId = (await api(https).post('/api/rooms', { name: 'nginx', members: [bob.userId] }, { token: alice.token })).body.room_id as number;

    const base = await socketCounts(alice.token);
    const aliceSocket = await connect(alice.token, { transports: ['websocket'], localAddress: '127.0.0.1' });
    const withAlice = await socketCounts(alice.token);
    const aliceAt = withAlice.findIndex((n, i) => n > base[i]!);
    // ip_hash keys on the first three octets: other loopback networks land on other instances.
    let bobSocket: Socket | null = null;
    for (let net = 1; net < 32 && !bobSocket; net += 1) {
      const before = await socketCounts(alice.token);
      const s = await connect(bob.token, { transports: ['websocket'], localAddress: `127.0.${net}.1` });
      const after = await socketCounts(alice.token);
      const at = after.findIndex((n, i) => n > before[i]!);
      if (at !== aliceAt) bobSocket = s;
      else s.close();
    }
    expect(bobSocket).not.toBeNull();

    const heard = nextEvent<{ id: number; content: string }>(bobSocket!, 'new_message', (m) => m.content === 'through nginx');
    const ack = await emitAck(aliceSocket, 'send_message', { room_id: roomId, content: 'through nginx', client_msg_id: 'nginx-1' });
    expect(ack.ok).toBe(true);
    expect((await heard).id).toBe(ack.message_id);

    // Long-polling only: each poll is its own HTTP request, and all must reach the same instance.
    const polling = await connect(bob.token, { transports: ['polling'] });
    expect(polling.io.engine.transport.name).toBe('polling');
    const polled = nextEvent<{ id: number; content: string }>(polling, 'new_message', (m) => m.content === 'polled');
    const second = await emitAck(aliceSocket, 'send_message', { room_id: roomId, content: 'polled', client_msg_id: 'nginx-2' });
    expect((await polled).id).toBe(second.message_id);
    expect(await emitAck(polling, 'typing', { room_id: roomId, is_typing: true })).toMatchObject({ ok: true });
  });
});
