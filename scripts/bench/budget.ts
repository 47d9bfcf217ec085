/** The Goal table of issue 15, then the further lines of docs/architecture.md "Budgets": every line
 * with the figure that measures it and PASS/FAIL, or "not measured" when no phase of this run
 * produced it (never a made-up number). */
import type { Summary } from './stats.ts';

export interface BudgetLine {
  budget: string;
  /** Figure key (see phases.ts) and the limit; `max` means "at most". */
  checks: Array<{ figure: string; max?: number; min?: number; unit: string }>;
}

export const BUDGETS: BudgetLine[] = [
  {
    budget: 'server CPU per history page ≤ 0.12 ms; ≥ 8,000 req/s at c=50',
    checks: [
      { figure: 'history server CPU µs/op', max: 120, unit: 'µs' },
      { figure: 'history req/s', min: 8000, unit: 'req/s' },
    ],
  },
  {
    budget: 'server CPU per delivered message (50-member room) ≤ 3 µs; ≥ 150,000 deliveries/s',
    checks: [
      { figure: 'room50 server CPU µs/op', max: 3, unit: 'µs' },
      { figure: 'room50 deliveries/s', min: 150_000, unit: '/s' },
    ],
  },
  {
    budget: 'ACKed messages/s, 50 senders in separate rooms, every one committed ≥ 8,000',
    checks: [
      { figure: 'pairs msgs ACKed/s', min: 8000, unit: '/s' },
      { figure: 'pairs committed (1 = all)', min: 1, unit: '' },
    ],
  },
  {
    budget: 'send→ACK with 1 in flight: p50 ≤ 0.5 ms, p99 ≤ 2 ms',
    checks: [
      { figure: 'send p50 ms', max: 0.5, unit: 'ms' },
      { figure: 'send p99 ms', max: 2, unit: 'ms' },
    ],
  },
  {
    budget: 'RSS idle ≤ 70 MiB / high-water during the whole bench ≤ 150 MiB',
    checks: [
      { figure: 'server RSS idle MiB', max: 70, unit: 'MiB' },
      { figure: 'server RSS high-water MiB', max: 150, unit: 'MiB' },
    ],
  },
  {
    budget: '10,000 idle authenticated sockets ≤ 600 MiB',
    checks: [{ figure: 'idle RSS MiB at 10,000 sockets', max: 600, unit: 'MiB' }],
  },
  {
    budget: '50 concurrent logins: no RSS step above 64 MiB; p99 ≤ 1 s',
    checks: [
      { figure: 'logins RSS step MiB', max: 64, unit: 'MiB' },
      { figure: 'logins p99 ms', max: 1000, unit: 'ms' },
    ],
  },
  // The further lines of docs/architecture.md "Budgets" that a phase measures.
  { budget: 'cold start to the first health answer ≤ 1 s (Node)', checks: [{ figure: 'coldstart ms', max: 1000, unit: 'ms' }] },
  { budget: 'fan-out to a 500-member room: every member within p99 ≤ 100 ms', checks: [{ figure: 'fanout delivery p99 ms', max: 100, unit: 'ms' }] },
  { budget: '16 MiB upload streamed to disk: RSS growth under 16 MiB', checks: [{ figure: 'upload RSS growth MiB', max: 16, unit: 'MiB' }] },
];

export function formatNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (Number.isInteger(n)) return n.toLocaleString('en-US');
  const a = Math.abs(n);
  return a >= 100 ? Math.round(n).toLocaleString('en-US') : a >= 10 ? n.toFixed(1) : a >= 1 ? n.toFixed(2) : n.toFixed(3);
}

/** One row per check: budget text, figure (median, with min–max when several runs), verdict. */
export function budgetRows(figures: ReadonlyMap<string, Summary>): Array<[string, string, string]> {
  const rows: Array<[string, string, string]> = [];
  for (const line of BUDGETS) {
    line.checks.forEach((c, i) => {
      // A prefix finds labelled variants, e.g. "... at 10,000 sockets (projected from 2000)".
      const key = figures.has(c.figure) ? c.figure : [...figures.keys()].find((k) => k.startsWith(c.figure));
      const s = key === undefined ? undefined : figures.get(key);
      const label = i === 0 ? line.budget : '';
      if (!s || s.n === 0) {
        rows.push([label, `${c.figure}: not measured`, '—']);
        return;
      }
      const ok = (c.max === undefined || s.median <= c.max) && (c.min === undefined || s.median >= c.min);
      const spread = s.n > 1 ? ` (${formatNumber(s.min)}–${formatNumber(s.max)})` : '';
      rows.push([label, `${key}: ${formatNumber(s.median)}${spread}`, ok ? 'PASS' : 'FAIL']);
    });
  }
  return rows;
}

export function formatTable(header: string[], rows: string[][]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}
