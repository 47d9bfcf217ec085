/** The phases of `npm run bench`. Each prepares its accounts outside the measurement, then measures
 * one workload; figures are keyed "<phase> <figure>" (budget.ts looks them up by that key). */
import fs from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Socket } from 'socket.io-client';
import { PASSWORD, connect, now, post, room, send, users } from './clients.ts';
import { httpLoad } from './http-load.ts';
import { type Measured, measure, rssMiB } from './measure.ts';
import { startPool } from './pool.ts';
import { pct } from './stats.ts';

export interface PhaseCtx {
  url: string;
  pid: number;
}
type Phase = (ctx: PhaseCtx) => Promise<Record<string, number>>;

/** Worker processes for socket clients: one per core (the server has its own process). */
const WORKERS = Math.max(2, os.cpus().length);

const sendPhase: Phase = async ({ url, pid }) => {
  const [a, b] = await users(url, 2);
  const roomId = await room(url, a!, [b!.id]);
  const s = await connect(url, a!.token);
  // A running server's send path is compiled by V8 (optimised code, warm caches): measured after
  // 1000 sends, p50 was 0.7-0.85 ms; after 50, 1.0-1.2 ms (the code still half-interpreted).
  for (let i = 0; i < 1000; i++) await send(s, roomId, `warm ${i}`, `w${i}`);
  const out = await measure(pid, async () => {
    const lat: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const t0 = performance.now();
      await send(s, roomId, `seq ${i}`, `s${i}`);
      lat.push(performance.now() - t0);
    }
    lat.sort((x, y) => x - y);
    return { ops: 1000, figures: { 'p50 ms': pct(lat, 50), 'p99 ms': pct(lat, 99) } };
  });
  s.close();
  return out;
};

const room50: Phase = async ({ url, pid }) => {
  const members = await users(url, 50);
  const roomId = await room(url, members[0]!, members.slice(1).map((m) => m.id));
  const pool = await startPool(WORKERS, { url, roomId, sends: 20 }, members.map((m) => m.token), (n) => n * 50 * 20);
  return measure(pid, async () => {
    const t0 = performance.now();
    const done = await pool.go();
    const secs = (performance.now() - t0) / 1000;
    const received = done.reduce((n, d) => n + d.received, 0);
    const lat = done.flatMap((d) => d.lat).sort((x, y) => x - y);
    return {
      ops: received,
      workerCpu: done.reduce((n, d) => n + d.cpuSeconds, 0),
      figures: {
        'msgs ACKed/s': done.reduce((n, d) => n + d.acked, 0) / secs,
        'deliveries/s': received / secs,
        'deliveries missing': 50 * 20 * 50 - received,
        'delivery p99 ms': pct(lat, 99),
      },
    };
  });
};

const pairs: Phase = async ({ url, pid }) => {
  const people = await users(url, 100);
  const rooms = await Promise.all(Array.from({ length: 50 }, async (_, i) => ({ sender: people[2 * i]!, roomId: await room(url, people[2 * i]!, [people[2 * i + 1]!.id]) })));
  const sockets = await Promise.all(rooms.map((p) => connect(url, p.sender.token)));
  const perRoom = rooms.map(() => 0);
  const out = await measure(pid, async () => {
    const durationMs = 5000;
    const t0 = performance.now();
    let acked = 0;
    await Promise.all(
      sockets.map(async (s, i) => {
        let k = 0;
        while (performance.now() - t0 < durationMs) {
          const a = await send(s, rooms[i]!.roomId, `pair ${k}`, `p${i}-${k++}`);
          if (a.ok) {
            acked++;
            perRoom[i]!++;
          }
        }
      }),
    );
    return { ops: acked, figures: { 'msgs ACKed/s': acked / ((performance.now() - t0) / 1000) } };
  });
  // Committed = every ACKed message is in its room's history (counted through the API, afterwards).
  let committed = 1;
  for (const [i, r] of rooms.entries()) {
    const res = await fetch(`${url}/api/rooms/${r.roomId}/messages?limit=1&include_meta=0`, { headers: { authorization: `Bearer ${r.sender.token}` } });
    const body = (await res.json()) as { messages?: Array<{ content: string }> };
    const last = body.messages?.at(-1)?.content;
    if (res.status !== 200 || last !== `pair ${perRoom[i]! - 1}`) committed = 0;
  }
  for (const s of sockets) s.close();
  return { ...out, 'committed (1 = all)': committed };
};

const history: Phase = async ({ url, pid }) => {
  const [a, b] = await users(url, 2);
  const roomId = await room(url, a!, [b!.id]);
  const s = await connect(url, a!.token);
  await Promise.all(Array.from({ length: 200 }, (_, i) => send(s, roomId, `history ${i}`, `h${i}`)));
  s.close();
  return measure(pid, async () => {
    const r = await httpLoad({ url: `${url}/api/rooms/${roomId}/messages?limit=50&include_meta=0`, connections: 50, seconds: 5, headers: { authorization: `Bearer ${a!.token}` } });
    const ok = r.total - r.non2xx;
    // The driver is named by a figure: 1 = wrk, 0 = autocannon.
    return { ops: ok, workerCpu: r.cpuSeconds, figures: { 'req/s': ok / r.seconds, 'p99 ms': r.p99Ms, 'non-2xx': r.non2xx + r.errors, 'driver wrk (1) or autocannon (0)': r.driver === 'wrk' ? 1 : 0 } };
  });
};

const fanout: Phase = async ({ url, pid }) => {
  const members = await users(url, 500);
  const roomId = await room(url, members[0]!, members.slice(1).map((m) => m.id));
  const sender = await connect(url, members[0]!.token);
  const pool = await startPool(WORKERS, { url, roomId, sends: 0 }, members.map((m) => m.token), (n) => n * 20);
  const out = await measure(pid, async () => {
    const t0 = performance.now();
    const done = await pool.go(async () => {
      for (let round = 0; round < 20; round++) await send(sender, roomId, `f ${now()}`, `f${round}`);
    });
    const received = done.reduce((n, d) => n + d.received, 0);
    const lat = done.flatMap((d) => d.lat).sort((x, y) => x - y);
    return {
      ops: received,
      workerCpu: done.reduce((n, d) => n + d.cpuSeconds, 0),
      figures: { 'deliveries/s': received / ((performance.now() - t0) / 1000), 'deliveries missing': 500 * 20 - received, 'delivery p50 ms': pct(lat, 50), 'delivery p99 ms': pct(lat, 99) },
    };
  });
  sender.close();
  return out;
};

/** On a fresh server: 50 accounts registered at once, then 50 logins at once. The RSS step
 * covers both (password hashing is the suspect); the latency is the logins'. */
const logins: Phase = async ({ url, pid }) =>
  measure(pid, async () => {
    const before = rssMiB(pid);
    let peak = before;
    const probe = setInterval(() => (peak = Math.max(peak, rssMiB(pid))), 5);
    const names = Array.from({ length: 50 }, (_, i) => `login${process.pid % 1000}_${Date.now() % 100_000}_${i}`);
    await Promise.all(names.map((username) => post(url, '/api/register', { username, password: PASSWORD })));
    const lat = await Promise.all(
      names.map(async (username) => {
        const t0 = performance.now();
        await post(url, '/api/device-sessions', { username, password: PASSWORD });
        return performance.now() - t0;
      }),
    );
    clearInterval(probe);
    lat.sort((x, y) => x - y);
    return { ops: 100, figures: { 'RSS step MiB': Math.max(peak, rssMiB(pid)) - before, 'p99 ms': pct(lat, 99) } };
  });

const upload: Phase = async ({ url, pid }) => {
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
  await uploadOnce(text(1024 * 1024)); // warm-up: the multipart and file-type modules load lazily
  const big = text(16 * 1024 * 1024);
  return measure(pid, async () => {
    const before = rssMiB(pid);
    let peak = before;
    const probe = setInterval(() => (peak = Math.max(peak, rssMiB(pid))), 5);
    const t0 = performance.now();
    for (let i = 0; i < 3; i++) await uploadOnce(big);
    const secs = (performance.now() - t0) / 1000;
    clearInterval(probe);
    return { ops: 3, figures: { 'MiB/s': 48 / secs, 'RSS growth MiB': peak - before } };
  });
};

const idle: Phase = async ({ url, pid }) => {
  const n = Number(process.env.BENCH_IDLE_SOCKETS ?? 2000);
  const [u] = await users(url, 1);
  const before = rssMiB(pid);
  const sockets: Socket[] = [];
  for (let i = 0; i < n; i += 100) sockets.push(...(await Promise.all(Array.from({ length: Math.min(100, n - i) }, () => connect(url, u!.token)))));
  await new Promise((r) => setTimeout(r, 500));
  const after = rssMiB(pid);
  for (const s of sockets) s.close();
  // Measured at n sockets; the 10,000 figure is a linear projection unless BENCH_IDLE_SOCKETS=10000.
  const key = n === 10_000 ? 'RSS MiB at 10,000 sockets' : `RSS MiB at 10,000 sockets (projected from ${n})`;
  return { [`RSS MiB at ${n} sockets`]: after, 'KiB per socket': ((after - before) * 1024) / n, [key]: before + ((after - before) * 10_000) / n };
};

export const PHASES: Record<string, Phase> = { logins, send: sendPhase, room50, pairs, history, fanout, upload, idle };
/** Memory phases: each on a server of its own, so their RSS steps start from a fresh process, not
 * from what the phases before left in the allocator. */
export const FRESH_SERVER = new Set(['logins', 'idle']);

/** Figures with no phase of their own: the server's whole-run memory. */
export function sampleRss(pid: number): { idle: number; stop(): number } {
  const idleRss = rssMiB(pid);
  let peak = idleRss;
  const t = setInterval(() => {
    if (fs.existsSync(`/proc/${pid}`)) peak = Math.max(peak, rssMiB(pid));
  }, 50);
  return { idle: idleRss, stop: () => (clearInterval(t), peak) };
}
export type { Measured };
