/** Samples CPU around the measured part of a phase: the server's (utime+stime of its process
 * tree: with WORKERS > 1, the primary and its workers), the driver's (this process plus its
 * workers), and the rest of the machine (from /proc/stat). */
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { machineCpuSeconds, procStatCpuSeconds, procStatParent, pssMiBOf, rssMiBOf } from './stats.ts';

const read = (file: string): string | null => {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null; // the process is gone
  }
};

/** The server's pid and its descendants (a cluster primary's workers), from every /proc/<n>/stat's
 * parent pid. Cached for a second: the probes sample RSS every few milliseconds. */
const trees = new Map<number, { at: number; pids: number[] }>();
export function serverPids(pid: number): number[] {
  const cached = trees.get(pid);
  if (cached && performance.now() - cached.at < 1000) return cached.pids;
  const children = new Map<number, number[]>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = read(`/proc/${name}/stat`);
    if (!stat) continue;
    const parent = procStatParent(stat);
    children.set(parent, [...(children.get(parent) ?? []), Number(name)]);
  }
  const pids = [pid];
  for (let i = 0; i < pids.length; i += 1) pids.push(...(children.get(pids[i]!) ?? []));
  trees.set(pid, { at: performance.now(), pids });
  return pids;
}

const sum = (xs: number[]) => xs.reduce((n, x) => n + x, 0);
/** CPU seconds of the whole server (every process of its tree). */
export const serverCpu = (pid: number) => sum(serverPids(pid).map((p) => procStatCpuSeconds(read(`/proc/${p}/stat`) ?? '')).filter((x) => !Number.isNaN(x)));
/** RSS of the whole server (every process of its tree). */
export const rssMiB = (pid: number) => sum(serverPids(pid).map((p) => rssMiBOf(read(`/proc/${p}/status`) ?? '')).filter((x) => !Number.isNaN(x)));
/** PSS of the whole tree: with WORKERS > 1 the RSS sum counts the node binary's pages (~40 MiB)
 * once per process, though the processes share them. */
export const pssMiB = (pid: number) => sum(serverPids(pid).map((p) => pssMiBOf(read(`/proc/${p}/smaps_rollup`) ?? '')).filter((x) => !Number.isNaN(x)));
/** RSS of each process of the server, the primary first. */
export const rssPerProcessMiB = (pid: number) => serverPids(pid).map((p) => rssMiBOf(read(`/proc/${p}/status`) ?? ''));
/** CPU seconds of the server's first process alone (with WORKERS > 1: the cluster primary). */
const ownCpu = (pid: number) => procStatCpuSeconds(read(`/proc/${pid}/stat`) ?? '');
const machine = () => machineCpuSeconds(fs.readFileSync('/proc/stat', 'utf8'));

export interface Measured {
  /** Operations the server did (requests, deliveries, ACKs) — the divisor of CPU per operation. */
  ops: number;
  figures: Record<string, number>;
  /** CPU seconds of worker processes (they report their own). */
  workerCpu?: number;
}

export async function measure(pid: number, fn: () => Promise<Measured>): Promise<Record<string, number>> {
  const s0 = serverCpu(pid);
  const p0 = ownCpu(pid);
  const d0 = process.cpuUsage();
  const m0 = machine();
  const t0 = performance.now();
  const r = await fn();
  const secs = (performance.now() - t0) / 1000;
  const server = serverCpu(pid) - s0;
  const primary = ownCpu(pid) - p0;
  const d = process.cpuUsage(d0);
  const driver = (d.user + d.system) / 1e6 + (r.workerCpu ?? 0);
  const m1 = machine();
  return {
    ...r.figures,
    'server CPU µs/op': r.ops > 0 ? (server / r.ops) * 1e6 : NaN,
    'server CPU s': server,
    // The cluster primary's share (it should do next to nothing per request).
    ...(serverPids(pid).length > 1 ? { 'primary CPU µs/op': r.ops > 0 ? (primary / r.ops) * 1e6 : NaN } : {}),
    'driver CPU s': driver,
    // Cores busy on average with everything else (other engineers, the kernel), over the phase.
    'other load cores': Math.max(0, (m1.busy - m0.busy - server - driver) / secs),
  };
}
