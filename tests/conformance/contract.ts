import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitOf, root, type Spawned, spawnServer, stopProcess } from '../helpers/entry.ts';
import { type Api, PASSWORD, api, registerAndLogin } from '../helpers/http.ts';
import { collect, connectSocket, emitAck, nextEvent, roundTrip } from '../helpers/socket.ts';
import type { Launch, Target } from './targets.ts';

/**
 * The core contract every runtime must keep, run against a server in its own process (like Hono's
 * runtime tests: one suite, one three-line file per target). Each target's file reports its own
 * "N passed, N failed" line in .ci/run.
 */
export function conformance(target: Target): void {
  describe(`the server on ${target.name}`, () => {
    let launch: Launch;
    let dataDir: string;
    let server: Spawned;
    let a: Api;
    const sockets: Socket[] = [];

    const start = () =>
      spawnServer(launch.command, launch.args, { ...launch.env, DATA_DIR: dataDir, RATE_LIMIT_ENABLED: 'false', LOG_LEVEL: 'info' }, { cwd: launch.cwd, cleanEnv: launch.cleanEnv });
    const socket = async (token: string) => {
      const s = await connectSocket(server.url, token);
      sockets.push(s);
      return s;
    };
    /** Two users in a new room, each with a socket. */
    async function pair() {
      const [alice, bob] = [await registerAndLogin(a), await registerAndLogin(a)];
      const created = await a.post('/api/rooms', { name: 'conformance', members: [bob.userId] }, { token: alice.accessToken });
      expect(created.status).toBe(200);
      return { alice, bob, roomId: created.body.room_id as number, aliceSocket: await socket(alice.accessToken), bobSocket: await socket(bob.accessToken) };
    }

    beforeAll(async () => {
      launch = await target.launch();
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `messenger-conf-${target.name}-`));
      server = await start();
      a = api(server.url);
    }, 180_000);

    afterAll(async () => {
      for (const s of sockets) s.close();
      if (server) await stopProcess(server.proc, 'SIGTERM', 15_000);
      launch?.cleanup?.();
      if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('serves the web client at / and its scripts load', async () => {
      const index = await fetch(`${server.url}/`);
      expect(index.status).toBe(200);
      expect(index.headers.get('content-type')).toContain('text/html');
      const html = await index.text();
      const scripts = [...html.matchAll(/src="\.?\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
      expect(scripts.length).toBeGreaterThan(0);
      for (const script of scripts) {
        const js = await fetch(`${server.url}/${script}`, { headers: { 'accept-encoding': 'gzip' } });
        expect(js.status).toBe(200);
        expect(js.headers.get('content-type')).toContain('javascript');
        expect((await js.text()).length).toBeGreaterThan(1000);
      }
      expect((await fetch(`${server.url}/assets/missing.js`)).status).toBe(404);
    });

    it('registers and logs in; a wrong password and a missing token are refused', async () => {
      expect((await a.get('/api/system/health')).status).toBe(401);
      const u = await registerAndLogin(a);
      expect((await a.get('/api/system/health', { token: u.accessToken })).status).toBe(200);
      // The peer's address reaches the app (rate limits and the session list key on it).
      const sessions = await a.get('/api/device-sessions', { token: u.accessToken });
      expect(sessions.body.sessions.map((s: { ip: string | null }) => s.ip)).toEqual([expect.stringMatching(/127\.0\.0\.1$/)]);
      const wrong = await a.post('/api/device-sessions', { username: u.username, password: 'Wrong-password-1' });
      expect(wrong.status).toBe(401);
      expect(wrong.body.error_code).toBeTypeOf('string');
    });

    it('refreshes a device session and revokes it when a replaced token is replayed', async () => {
      const u = await registerAndLogin(a);
      const r1 = await a.post('/api/device-sessions/refresh', { device_token: u.deviceToken });
      expect(r1.status).toBe(200);
      const t1 = r1.body.device_token_rotated as string;
      expect(t1).not.toBe(u.deviceToken);
      const r2 = await a.post('/api/device-sessions/refresh', { device_token: t1 });
      expect(r2.status).toBe(200);
      // The first token is now a replay: refused, and the whole session with it.
      expect((await a.post('/api/device-sessions/refresh', { device_token: u.deviceToken })).status).toBe(401);
      expect((await a.post('/api/device-sessions/refresh', { device_token: r2.body.device_token_rotated })).status).toBe(401);
      expect((await a.get('/api/device-sessions', { token: r2.body.access_token })).status).toBe(401);
    });

    it('cuts the socket of a revoked session at once', async () => {
      const u = await registerAndLogin(a);
      const other = await a.post('/api/device-sessions', { username: u.username, password: PASSWORD, device_name: 'Other' });
      const victim = await socket(u.accessToken);
      const gone = new Promise<string>((resolve) => victim.once('disconnect', resolve));
      expect((await a.del(`/api/device-sessions/${u.sessionId}`, undefined, { token: other.body.access_token })).status).toBe(200);
      expect(await gone).toBe('io server disconnect');
      await expect(connectSocket(server.url, u.accessToken)).rejects.toThrow();
    });

    it('creates a room whose members see it in their list, and keeps others out', async () => {
      const { bob, roomId } = await pair();
      const list = await a.get('/api/rooms', { token: bob.accessToken });
      expect(list.status).toBe(200);
      expect(JSON.stringify(list.body)).toContain(`"id":${roomId}`);
      const outsider = await registerAndLogin(a);
      expect((await a.get(`/api/rooms/${roomId}/messages`, { token: outsider.accessToken })).status).toBe(403);
    });

    it('ACKs a message, broadcasts it once to the room, answers a resend with the same id, and pages it in history', async () => {
      const { alice, roomId, aliceSocket, bobSocket } = await pair();
      const seen = collect(bobSocket, 'new_message');
      const delivered = nextEvent(bobSocket, 'new_message');
      const ack = await emitAck(aliceSocket, 'send_message', { room_id: roomId, content: 'hello on every runtime', client_msg_id: 'conf-1' });
      expect(ack.ok).toBe(true);
      expect((await delivered).id).toBe(ack.message_id);
      const again = await emitAck(aliceSocket, 'send_message', { room_id: roomId, content: 'hello on every runtime', client_msg_id: 'conf-1' });
      expect(again).toEqual({ ok: true, message_id: ack.message_id, duplicate: true });
      await roundTrip(bobSocket);
      expect(seen.map((m) => m.id)).toEqual([ack.message_id]);

      const history = await a.get(`/api/rooms/${roomId}/messages`, { token: alice.accessToken });
      expect(history.status).toBe(200);
      const texts = history.body.messages.filter((m: { id: number }) => m.id === ack.message_id).map((m: { content: string }) => m.content);
      expect(texts).toEqual(['hello on every runtime']);
    });

    it('takes an upload (multipart, streamed to disk) in a room', async () => {
      const { alice, roomId } = await pair();
      const form = new FormData();
      form.append('room_id', String(roomId));
      form.append('file', new Blob(['a line of text\n'.repeat(20_000)], { type: 'text/plain' }), 'notes.txt');
      const res = await fetch(`${server.url}/api/upload`, { method: 'POST', body: form, headers: { authorization: `Bearer ${alice.accessToken}` } });
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body).toMatchObject({ success: true, file_name: 'notes.txt', file_size: 300_000 });
      expect(fs.statSync(path.join(dataDir, 'uploads', body.file_path)).size).toBe(300_000);
    });

    it('stops gracefully on SIGTERM (exit 0) with every ACKed message kept, and restarts on the same data', async () => {
      const { alice, roomId, aliceSocket } = await pair();
      const acked: number[] = [];
      const first = server;
      const exited = exitOf(first.proc);
      // A burst of sends; SIGTERM as soon as some are ACKed, with the rest still in flight.
      const sends = Array.from({ length: 100 }, (_, i) =>
        emitAck(aliceSocket, 'send_message', { room_id: roomId, content: `burst ${i}`, client_msg_id: `term-${i}` })
          .then((ack) => {
            if (ack.ok) acked.push(ack.message_id);
            if (acked.length === 20) first.proc.kill('SIGTERM');
          })
          .catch(() => {}),
      );
      await Promise.all(sends);
      expect(await exited).toBe(0);
      expect(acked.length).toBeGreaterThanOrEqual(20);
      expect(fs.statSync(path.join(dataDir, 'secrets.json')).mode & 0o777).toBe(0o600);

      server = await start();
      a = api(server.url);
      const login = await a.post('/api/device-sessions', { username: alice.username, password: PASSWORD });
      const history = await a.get(`/api/rooms/${roomId}/messages?limit=200`, { token: login.body.access_token });
      expect(history.status).toBe(200);
      const stored = new Set(history.body.messages.map((m: { id: number }) => m.id));
      expect(acked.filter((id) => !stored.has(id))).toEqual([]);
      // The old device token still refreshes: the secrets survived the restart too.
      expect((await a.post('/api/device-sessions/refresh', { device_token: alice.deviceToken })).status).toBe(200);
    }, 60_000);

    it('refuses a bad setting with exit 2 and a message naming the variable', async () => {
      const proc = spawn(launch.command, launch.args, {
        cwd: launch.cwd ?? root,
        env: { ...(launch.cleanEnv ? {} : process.env), WORKERS: '1', ...launch.env, DATA_DIR: dataDir, PORT: 'eighty', RATE_LIMIT_LOGIN: 'lots' },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let err = '';
      proc.stderr!.on('data', (c: Buffer) => (err += c.toString()));
      expect(await exitOf(proc)).toBe(2);
      expect(err).toContain('PORT');
      expect(err).toContain('RATE_LIMIT_LOGIN');
    });
  });
}
