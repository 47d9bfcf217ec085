import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binaryInEmptyDir, buildBinary } from '../helpers/binary.ts';
import { exitOf, root, spawnServer, stopProcess } from '../helpers/entry.ts';
import { launchBrowser, screenshot, waitForAttr } from '../helpers/browser.ts';
import { PASSWORD, api } from '../helpers/http.ts';
import { connectSocket, emitAck } from '../helpers/socket.ts';

/** The operator's view of `npm run build:bin`: one file copied into an empty folder, run with only
 * PATH, HOME and its settings. */
describe('the single binary', () => {
  let copy: ReturnType<typeof binaryInEmptyDir>;
  let env: Record<string, string>;
  beforeAll(async () => {
    copy = binaryInEmptyDir(await buildBinary());
    env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: copy.dir };
  }, 180_000);
  afterAll(() => copy?.cleanup());

  const run = (args: string[]) => execFileSync(copy.file, args, { cwd: copy.dir, env, encoding: 'utf8' });
  const start = () => spawnServer(copy.file, [], { ...env, DATA_DIR: path.join(copy.dir, 'data') }, { cwd: copy.dir, cleanEnv: true });

  it('sits alone in a folder with no node_modules anywhere above it', () => {
    expect(fs.readdirSync(copy.dir)).toEqual(['intranet-messenger']);
    for (let dir = copy.dir; dir !== path.dirname(dir); dir = path.dirname(dir)) {
      expect(fs.existsSync(path.join(dir, 'node_modules')), dir).toBe(false);
    }
    expect(path.relative(root, copy.dir).startsWith('..')).toBe(true);
  });

  it('answers --version and --help', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(run(['--version']).trim()).toBe(pkg.version);
    expect(run(['--help'])).toContain('With no command, starts the server');
  });

  it('creates its data dir, keeps a message sent through a socket across SIGTERM and a restart', async () => {
    const first = await start();
    expect(fs.statSync(path.join(copy.dir, 'data', 'secrets.json')).mode & 0o777).toBe(0o600);
    const a = api(first.url);
    expect((await a.post('/api/register', { username: 'bin_alice', password: PASSWORD })).status).toBe(200);
    const bobId = (await a.post('/api/register', { username: 'bin_bob', password: PASSWORD })).body.user_id;
    const alice = (await a.post('/api/device-sessions', { username: 'bin_alice', password: PASSWORD })).body;
    const room = await a.post('/api/rooms', { name: 'binary', members: [bobId] }, { token: alice.access_token });
    expect(room.status).toBe(200);
    const socket = await connectSocket(first.url, alice.access_token);
    const ack = await emitAck(socket, 'send_message', { room_id: room.body.room_id, content: 'kept by one file', client_msg_id: 'bin-1' });
    expect(ack.ok).toBe(true);
    socket.close();

    // No image processing in the binary: said at start, profile images refused in the envelope.
    const avatar = new FormData();
    avatar.append('file', new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: 'image/png' }), 'a.png');
    const refused = await fetch(`${first.url}/api/profile/image`, { method: 'POST', body: avatar, headers: { authorization: `Bearer ${alice.access_token}` } });
    expect(refused.status).toBe(503);
    expect((await refused.json()).error_code).toBe('SERVICE_UNAVAILABLE');
    expect(first.log()).toContain('image processing unavailable');

    const exited = exitOf(first.proc);
    first.proc.kill('SIGTERM');
    expect(await exited).toBe(0);

    const second = await start();
    try {
      const b = api(second.url);
      const login = await b.post('/api/device-sessions', { username: 'bin_bob', password: PASSWORD });
      const history = await b.get(`/api/rooms/${room.body.room_id}/messages`, { token: login.body.access_token });
      expect(history.body.messages.map((m: { id: number; content: string }) => [m.id, m.content])).toContainEqual([ack.message_id, 'kept by one file']);
    } finally {
      const done = exitOf(second.proc);
      second.proc.kill('SIGTERM');
      expect(await done).toBe(0);
    }
  }, 60_000);

  it('serves the embedded web client: a browser logs in and connects', async () => {
    const server = await spawnServer(copy.file, [], { ...env, DATA_DIR: path.join(copy.dir, 'browser-data') }, { cwd: copy.dir, cleanEnv: true });
    const browser = await launchBrowser();
    try {
      expect((await api(server.url).post('/api/register', { username: 'bin_browser', password: PASSWORD })).status).toBe(200);
      const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(e.message));
      page.on('requestfailed', (r) => problems.push(`${r.url()} ${r.failure()?.errorText}`));
      await page.goto(server.url);
      await page.getByTestId('login-username').fill('bin_browser');
      await page.getByTestId('login-password').fill(PASSWORD);
      await page.getByTestId('login-password').press('Enter');
      await page.getByTestId('room-list').waitFor();
      await waitForAttr(page.getByTestId('connection-status'), 'data-status', 'connected');
      await screenshot(page, 'binary-web-client');
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
      await stopProcess(server.proc);
    }
  }, 60_000);
});
