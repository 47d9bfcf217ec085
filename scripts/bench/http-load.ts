/** The HTTP phases' load generator: `wrk` (Debian package) when it is on the PATH, else autocannon.
 * wrk is C on epoll and costs about a sixth of autocannon's CPU per request: on 2 cores that
 * leaves the server most of a core more, so the figure is the server's, not the driver's.
 * BENCH_HTTP_DRIVER=autocannon forces the fallback. */
import { spawn, spawnSync } from 'node:child_process';
import autocannon from 'autocannon';
import { procStatChildrenCpuSeconds } from './stats.ts';

export interface HttpLoad {
  driver: 'wrk' | 'autocannon';
  total: number;
  non2xx: number;
  errors: number;
  p99Ms: number;
  seconds: number;
  /** CPU seconds the load generator spent (wrk is a child process: its own). */
  cpuSeconds: number;
}

interface Options {
  url: string;
  connections: number;
  seconds: number;
  headers: Record<string, string>;
}

const hasWrk = (): boolean => process.env.BENCH_HTTP_DRIVER !== 'autocannon' && spawnSync('wrk', ['--version']).error === undefined;

export async function httpLoad(o: Options): Promise<HttpLoad> {
  return hasWrk() ? wrk(o) : viaAutocannon(o);
}

async function viaAutocannon(o: Options): Promise<HttpLoad> {
  const r = await autocannon({ url: o.url, connections: o.connections, duration: o.seconds, headers: o.headers });
  // autocannon runs in this process: measure() counts it as the driver's own CPU already.
  return { driver: 'autocannon', total: r.requests.total, non2xx: r.non2xx, errors: r.errors, p99Ms: r.latency.p99, seconds: r.duration || o.seconds, cpuSeconds: 0 };
}

/** One wrk thread (the other core is the server's). A shell runs it and then prints its own
 * /proc stat, whose children fields hold wrk's CPU once it has been waited for. */
async function wrk(o: Options): Promise<HttpLoad> {
  const headers = Object.entries(o.headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`]);
  const args = ['-t1', `-c${o.connections}`, `-d${o.seconds}s`, '--latency', ...headers, o.url];
  const child = spawn('sh', ['-c', 'wrk "$@"; status=$?; cat /proc/$$/stat >&2; exit $status', 'sh', ...args]);
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`wrk failed (${code}): ${out}${err}`);
  const num = (re: RegExp): number => Number(re.exec(out)?.[1] ?? 0);
  const total = num(/(\d+) requests in/);
  const seconds = Number(/requests in ([\d.]+)s/.exec(out)?.[1] ?? o.seconds);
  const errors = [...out.matchAll(/(?:connect|read|write|timeout) (\d+)/g)].reduce((n, m) => n + Number(m[1]), 0);
  return { driver: 'wrk', total, non2xx: num(/Non-2xx or 3xx responses: (\d+)/), errors, p99Ms: latencyMs(/\s99%\s+([\d.]+)(us|ms|s)\b/.exec(out)), seconds, cpuSeconds: procStatChildrenCpuSeconds(err.trim().split('\n').at(-1) ?? '') };
}

function latencyMs(m: RegExpExecArray | null): number {
  if (!m) return NaN;
  const scale = m[2] === 'us' ? 1e-3 : m[2] === 's' ? 1e3 : 1;
  return Number(m[1]) * scale;
}
