/** Samples CPU around the measured part of a phase: the server's (utime+stime of its pid), the
 * driver's (this process plus its workers), and the rest of the machine (from /proc/stat). */
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { machineCpuSeconds, procStatCpuSeconds, rssMiBOf } from './stats.ts';

export const serverCpu = (pid: number) => procStatCpuSeconds(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
export const rssMiB = (pid: number) => rssMiBOf(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
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
  const d0 = process.cpuUsage();
  const m0 = machine();
  const t0 = performance.now();
  const r = await fn();
  const secs = (performance.now() - t0) / 1000;
  const server = serverCpu(pid) - s0;
  const d = process.cpuUsage(d0);
  const driver = (d.user + d.system) / 1e6 + (r.workerCpu ?? 0);
  const m1 = machine();
  return {
    ...r.figures,
    'server CPU µs/op': r.ops > 0 ? (server / r.ops) * 1e6 : NaN,
    'server CPU s': server,
    'driver CPU s': driver,
    // Cores busy on average with everything else (other engineers, the kernel), over the phase.
    'other load cores': Math.max(0, (m1.busy - m0.busy - server - driver) / secs),
  };
}
