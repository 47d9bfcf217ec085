/**
 * `npm run bench`: measures the budgets of docs/architecture.md against a real server process on loopback and
 * prints figures (never asserts: machines are shared and noisy). The server runs in a child process
 * (its own core); this process is the load generator. Every loop is bounded in count and time.
 *
 *   npm run bench                 # all scenarios
 *   npm run bench -- send fanout  # only some: coldstart, send, room50, pairs, history, fanout, upload, idle, search
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { type Socket, io } from 'socket.io-client';
import { benchSearch } from './bench-search.ts';

const root = path.resolve(import.meta.dirname, '..');
const PASSWORD = 'Password123!';
const only = process.argv.slice(2);
const want = (name: string) => only.length === 0 || only.includes(name);

interface Server {
  proc: ChildProcess;
  url: string;
  dataDir: string;
}

// The server runs as `npm start` runs it (the esbuild bundle on plain Node), in its own process;
// BENCH_TARGET=bun runs the sources on Bun, BENCH_TARGET=deno on Deno, BENCH_TARGET=binary the
// single binary (built first with `npm run build:bin`).
const target = process.env.BENCH_TARGET ?? 'node';
function serverCommand(): [string, string[]] {
  const bin = (name: string) => path.join(root, 'node_modules/.bin', name);
  switch (target) {
    case 'bun':
      return [bin('bun'), ['server/entry/bun.ts']];
    case 'deno':
      return [bin('deno'), ['run', '-A', 'server/entry/deno.ts']];
    case 'binary':
      return [path.join(root, 'dist/bin/intranet-messenger'), []];
    default: {
      const bundle = path.join(root, 'dist/bench/server.mjs');
      execFileSync(process.execPath, [path.join(root, 'scripts/build-server.mjs'), bundle], { cwd: root });
      return [process.execPath, [...(process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? []), bundle]];
    }
  }
}
const [command, args] = serverCommand();
console.log(`server: ${target} (${path.basename(command)} ${args.join(' ')})`);

async function startServer(dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'messenger-bench-'))): Promise<Server & { readyMs: number }> {
  const started = performance.now();
  const proc = spawn(command, args, {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', RATE_LIMIT_ENABLED: 'false', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let err = '';
    let found = false;
    proc.stderr!.on('data', (c: Buffer) => {
      // Past the start, the request log is only drained (kept, it would grow with every request).
      if (found) return;
      err += c.toString();
      const m = err.match(/^.*"msg":"listening".*$/m)?.[0].match(/"url":"([^"]+)"/);
      if (m) {
        found = true;
        resolve(m[1]!);
      }
    });
    proc.once('exit', (code) => reject(new Error(`server exited ${code}: ${err}`)));
  });
  // Cold start = process spawn until the first health answer (401 is an answer).
  for (;;) {
    const res = await fetch(`${url}/api/system/health`).catch(() => null);
    if (res) break;
  }
  return { proc, url, dataDir, readyMs: performance.now() - started };
}

async function stopServer(s: Server, keepData = false): Promise<void> {
  const exited = new Promise((r) => s.proc.once('exit', r));
  s.proc.kill('SIGTERM');
  await exited;
  if (!keepData) fs.rmSync(s.dataDir, { recursive: true, force: true });
}

/** CPU seconds (user + system) a process has used: contention on a shared machine stretches wall
 * times, much less the work done. */
function cpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function rssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const fmt = (n: number, d = 2) => n.toFixed(d);
function report(name: string, figures: Record<string, string | number>, budget: string): void {
  console.log(`\n${name}`);
  for (const [k, v] of Object.entries(figures)) console.log(`  ${k.padEnd(28)} ${v}`);
  console.log(`  ${'budget'.padEnd(28)} ${budget}`);
}

async function post(url: string, p: string, body: unknown, token?: string): Promise<any> {
  const res = await fetch(url + p, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${p}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

let userSeq = 0;
async function users(url: string, n: number): Promise<Array<{ id: number; token: string }>> {
  const out: Array<{ id: number; token: string }> = [];
  // A few at a time: password hashing is deliberately slow.
  for (let i = 0; i < n; i += 8) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(8, n - i) }, async () => {
        const username = `bench${process.pid % 1000}_${++userSeq}`;
        const reg = await post(url, '/api/register', { username, password: PASSWORD });
        const login = await post(url, '/api/device-sessions', { username, password: PASSWORD });
        return { id: reg.user_id as number, token: login.access_token as string };
      }),
    );
    out.push(...batch);
  }
  return out;
}

async function room(url: string, owner: { token: string }, memberIds: number[]): Promise<number> {
  return (await post(url, '/api/rooms', { name: 'bench', members: memberIds }, owner.token)).room_id;
}

function connect(url: string, token: string): Promise<Socket> {
  const s = io(url, { transports: ['websocket'], reconnection: false, auth: { token }, forceNew: true });
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}

const send = (s: Socket, roomId: number, content: string, key: string) =>
  s.timeout(10_000).emitWithAck('send_message', { room_id: roomId, content, client_msg_id: key }) as Promise<{ ok: boolean; message_id: number }>;

async function main(): Promise<void> {
  console.log(`bench on ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? '?'}, node ${process.version}`);
  const server = await startServer();
  const { url } = server;
  if (want('coldstart')) {
    const runs = [server.readyMs];
    for (let i = 0; i < 4; i++) {
      const s = await startServer();
      runs.push(s.readyMs);
      await stopServer(s);
    }
    runs.sort((x, y) => x - y);
    report(`cold start to first /api/system/health answer (${target})`, { 'median of 5': `${fmt(runs[2]!, 0)} ms`, 'min of 5': `${fmt(runs[0]!, 0)} ms` }, '≤ 1 s (Node), ≤ 0.3 s (binary)');
  }
  await new Promise((r) => setTimeout(r, 200));
  const idleRss = rssMiB(server.proc.pid!);
  const idleCpu = cpuSeconds(server.proc.pid!);
  let peakRss = idleRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMiB(server.proc.pid!))), 100);

  if (want('send')) {
    const [a, b] = await users(url, 2);
    const roomId = await room(url, a!, [b!.id]);
    const s = await connect(url, a!.token);
    for (let i = 0; i < 50; i++) await send(s, roomId, `warm ${i}`, `w${i}`);
    const lat: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const t0 = performance.now();
      await send(s, roomId, `seq ${i}`, `s${i}`);
      lat.push(performance.now() - t0);
    }
    lat.sort((x, y) => x - y);
    report('1000 sequential send_message, each awaiting its ACK', { p50: `${fmt(pct(lat, 50))} ms`, p99: `${fmt(pct(lat, 99))} ms` }, 'p50 ≤ 1 ms, p99 ≤ 5 ms');
    s.close();
  }

  if (want('room50')) {
    const members = await users(url, 50);
    const roomId = await room(url, members[0]!, members.slice(1).map((m) => m.id));
    const sockets = await Promise.all(members.map((m) => connect(url, m.token)));
    const sentAt = new Map<string, number>();
    const delivery: number[] = [];
    const expected = 50 * 20 * 50;
    let received = 0;
    const done = new Promise<void>((resolve) => {
      for (const s of sockets) {
        s.on('new_message', (m: { client_msg_id: string }) => {
          delivery.push(performance.now() - sentAt.get(m.client_msg_id)!);
          if (++received === expected) resolve();
        });
      }
    });
    const t0 = performance.now();
    let acked = 0;
    let ackedAt = 0;
    await Promise.all(
      sockets.map(async (s, i) => {
        await Promise.all(
          Array.from({ length: 20 }, (_, k) => {
            const key = `r${i}-${k}`;
            sentAt.set(key, performance.now());
            return send(s, roomId, `room50 ${i} ${k}`, key).then((a) => {
              if (a.ok) acked++;
              ackedAt = performance.now();
            });
          }),
        );
      }),
    );
    await Promise.race([done, new Promise((r) => setTimeout(r, 30_000))]);
    const elapsed = (performance.now() - t0) / 1000;
    delivery.sort((x, y) => x - y);
    report(
      '50 sockets in one room x 20 messages each, all at once',
      {
        'msgs ACKed/s': fmt(acked / ((ackedAt - t0) / 1000), 0),
        'deliveries/s': fmt(received / elapsed, 0),
        deliveries: `${received} of ${expected}`,
        'delivery p50 / p99': `${fmt(pct(delivery, 50), 1)} / ${fmt(pct(delivery, 99), 1)} ms`,
      },
      '≥ 2,000 msgs ACKed/s, ≥ 100,000 deliveries/s, delivery p99 ≤ 100 ms',
    );
    for (const s of sockets) s.close();
  }

  if (want('pairs')) {
    const people = await users(url, 100);
    const pairs = await Promise.all(Array.from({ length: 50 }, async (_, i) => ({ sender: people[2 * i]!, roomId: await room(url, people[2 * i]!, [people[2 * i + 1]!.id]) })));
    const sockets = await Promise.all(pairs.map((p) => connect(url, p.sender.token)));
    const durationMs = 5000;
    const t0 = performance.now();
    let acked = 0;
    const ids: number[] = [];
    await Promise.all(
      sockets.map(async (s, i) => {
        let k = 0;
        while (performance.now() - t0 < durationMs) {
          const a = await send(s, pairs[i]!.roomId, `pair ${k}`, `p${i}-${k++}`);
          if (a.ok) {
            acked++;
            ids.push(a.message_id);
          }
        }
      }),
    );
    const secs = (performance.now() - t0) / 1000;
    const check = await fetch(`${url}/api/rooms/${pairs[0]!.roomId}/messages?limit=1&include_meta=0`, { headers: { authorization: `Bearer ${pairs[0]!.sender.token}` } });
    report('50 senders, each in its own 2-member room, as fast as ACKs return (5 s)', { 'msgs ACKed/s': fmt(acked / secs, 0), acked, 'history readable': check.status === 200 ? 'yes' : `no (${check.status})` }, '≥ 4,000 msgs ACKed/s, every one committed');
    for (const s of sockets) s.close();
  }

  if (want('history')) {
    const [a, b] = await users(url, 2);
    const roomId = await room(url, a!, [b!.id]);
    const s = await connect(url, a!.token);
    await Promise.all(Array.from({ length: 200 }, (_, i) => send(s, roomId, `history ${i}`, `h${i}`)));
    s.close();
    const durationMs = 5000;
    const lat: number[] = [];
    const t0 = performance.now();
    let ok = 0;
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        while (performance.now() - t0 < durationMs) {
          const r0 = performance.now();
          const res = await fetch(`${url}/api/rooms/${roomId}/messages?limit=50&include_meta=0`, { headers: { authorization: `Bearer ${a!.token}` } });
          await res.arrayBuffer();
          if (res.status === 200) ok++;
          lat.push(performance.now() - r0);
        }
      }),
    );
    lat.sort((x, y) => x - y);
    report('GET /api/rooms/:id/messages (50 messages), 50 connections (5 s)', { 'req/s': fmt(ok / ((performance.now() - t0) / 1000), 0), p99: `${fmt(pct(lat, 99), 1)} ms` }, '≥ 5,000 req/s');
  }

  if (want('fanout')) {
    const members = await users(url, 500);
    const roomId = await room(url, members[0]!, members.slice(1).map((m) => m.id));
    const sockets: Socket[] = [];
    for (let i = 0; i < members.length; i += 50) sockets.push(...(await Promise.all(members.slice(i, i + 50).map((m) => connect(url, m.token)))));
    const lat: number[] = [];
    for (let round = 0; round < 20; round++) {
      const key = `f${round}`;
      const t0 = performance.now();
      const all = Promise.all(
        sockets.map((s) => new Promise<void>((resolve) => {
          const on = (m: { client_msg_id: string }) => {
            if (m.client_msg_id !== key) return;
            lat.push(performance.now() - t0);
            s.off('new_message', on);
            resolve();
          };
          s.on('new_message', on);
        })),
      );
      await send(sockets[round % sockets.length]!, roomId, `fanout ${round}`, key);
      await Promise.race([all, new Promise((r) => setTimeout(r, 10_000))]);
    }
    lat.sort((x, y) => x - y);
    report('fan-out to a 500-member room (20 messages)', { 'delivery p50 / p99': `${fmt(pct(lat, 50), 1)} / ${fmt(pct(lat, 99), 1)} ms`, deliveries: lat.length }, 'every member within p99 ≤ 100 ms');
    for (const s of sockets) s.close();
  }

  if (want('upload')) {
    const [a, b] = await users(url, 2);
    const roomId = await room(url, a!, [b!.id]);
    const uploadOnce = async (bytes: Uint8Array) => {
      const form = new FormData();
      form.append('room_id', String(roomId));
      form.append('file', new Blob([bytes as Uint8Array<ArrayBuffer>]), 'bench.txt');
      const res = await fetch(`${url}/api/upload`, { method: 'POST', body: form, headers: { authorization: `Bearer ${a!.token}` } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`upload: ${res.status}`);
    };
    // Printable text: passes the .txt content check whatever its size.
    const text = (n: number) => Uint8Array.from({ length: n }, (_, i) => 97 + (i % 26));
    await uploadOnce(text(1024 * 1024)); // warm-up: the multipart and file-type modules are loaded lazily
    const big = text(16 * 1024 * 1024);
    const runs: Array<{ mibs: number; growth: number }> = [];
    for (let i = 0; i < 5; i++) {
      const before = rssMiB(server.proc.pid!);
      let peak = before;
      const probe = setInterval(() => (peak = Math.max(peak, rssMiB(server.proc.pid!))), 5);
      const t0 = performance.now();
      await uploadOnce(big);
      const secs = (performance.now() - t0) / 1000;
      clearInterval(probe);
      runs.push({ mibs: 16 / secs, growth: Math.max(peak, rssMiB(server.proc.pid!)) - before });
    }
    const median = (xs: number[]) => xs.sort((x, y) => x - y)[2]!;
    report(
      'POST /api/upload of a 16 MiB file (loopback, median of 5)',
      { throughput: `${fmt(median(runs.map((r) => r.mibs)), 0)} MiB/s`, 'server RSS growth during it': `${fmt(median(runs.map((r) => r.growth)), 1)} MiB (runs: ${runs.map((r) => fmt(r.growth, 1)).join(', ')})` },
      'streamed to disk: RSS growth well under the 16 MiB file (the first runs grow until the GC collects the transient socket chunks; then none)',
    );
  }

  clearInterval(sampler);
  report('server RSS', { idle: `${fmt(idleRss, 0)} MiB`, 'peak under the load above': `${fmt(peakRss, 0)} MiB` }, '≤ 100 MiB idle / ≤ 200 MiB under load');
  report('server CPU for the scenarios above', { 'user + system': `${fmt(cpuSeconds(server.proc.pid!) - idleCpu, 2)} s` }, 'compare targets on the same scenarios (e.g. `send room50`)');

  if (want('idle')) {
    const n = Number(process.env.BENCH_IDLE_SOCKETS ?? 2000);
    const [u] = await users(url, 1);
    const before = rssMiB(server.proc.pid!);
    const sockets: Socket[] = [];
    for (let i = 0; i < n; i += 100) sockets.push(...(await Promise.all(Array.from({ length: Math.min(100, n - i) }, () => connect(url, u!.token)))));
    await new Promise((r) => setTimeout(r, 500));
    const after = rssMiB(server.proc.pid!);
    report(`${n} idle authenticated sockets in one process (BENCH_IDLE_SOCKETS to change)`, { 'server RSS': `${fmt(after, 0)} MiB (+${fmt(after - before, 0)})`, 'per socket': `${fmt(((after - before) * 1024) / n, 1)} KiB`, 'projected for 10,000': `${fmt(before + ((after - before) * 10_000) / n, 0)} MiB` }, '10,000 idle sockets: RSS ≤ 1 GB');
    for (const s of sockets) s.close();
  }

  await stopServer(server);

  // Last, on its own server and database: a million messages.
  if (want('search')) await benchSearch({ startServer, stopServer, users, report });
}

await main();
