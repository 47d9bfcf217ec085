/** Pure helpers of the bench driver (unit-tested in tests/bench): statistics and /proc parsing. */

export const pct = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

export function median(xs: number[]): number {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export interface Summary {
  median: number;
  min: number;
  max: number;
  n: number;
}

export function summarize(xs: number[]): Summary {
  const s = xs.filter((x) => !Number.isNaN(x));
  return { median: median(s), min: s.length ? Math.min(...s) : NaN, max: s.length ? Math.max(...s) : NaN, n: s.length };
}

/** Clock ticks per second of /proc (USER_HZ; 100 on every Linux the bench runs on). */
export const HZ = 100;

/** utime + stime of a /proc/<pid>/stat line, in seconds. The command name may hold spaces and
 * parentheses, so the fields are counted from the last ')'. */
export function procStatCpuSeconds(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the name: state is field 3, so utime (14) and stime (15) are at 11 and 12.
  return (Number(fields[11]) + Number(fields[12])) / HZ;
}

/** cutime + cstime of a /proc/<pid>/stat line, in seconds: the CPU of the children it has waited for. */
export function procStatChildrenCpuSeconds(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) / HZ;
}

/** The parent pid from a /proc/<pid>/stat line (field 4, counted from the last ')'). */
export function procStatParent(stat: string): number {
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

/** Busy and total CPU seconds of the whole machine from /proc/stat's first ("cpu") line. */
export function machineCpuSeconds(procStat: string): { busy: number; total: number } {
  const line = procStat.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) throw new Error('no cpu line in /proc/stat');
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  const busy = user! + nice! + system! + irq! + softirq! + (steal ?? 0);
  return { busy: busy / HZ, total: (busy + idle! + iowait!) / HZ };
}

export function rssMiBOf(status: string): number {
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
}

/** Pss from a /proc/<pid>/smaps_rollup text, in MiB: each shared page split among its sharers. */
export function pssMiBOf(smapsRollup: string): number {
  return Number(/^Pss:\s+(\d+)/m.exec(smapsRollup)?.[1] ?? NaN) / 1024;
}
