// Pure helpers of the bench driver (scripts/bench): statistics, /proc parsing, the budget table.
import { describe, expect, it } from 'vitest';
import { BUDGETS, budgetRows, formatTable } from '../../scripts/bench/budget.ts';
import { machineCpuSeconds, median, procStatChildrenCpuSeconds, procStatCpuSeconds, pssMiBOf, rssMiBOf, summarize } from '../../scripts/bench/stats.ts';

describe('stats', () => {
  it('median of odd and even counts, ignoring NaN', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([NaN, 5])).toBe(5);
    expect(median([])).toBeNaN();
  });
  it('summarize gives median and spread', () => {
    expect(summarize([5, 1, 9])).toEqual({ median: 5, min: 1, max: 9, n: 3 });
  });
});

describe('/proc parsing', () => {
  it('reads utime + stime after a command name with spaces and parentheses', () => {
    // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
    const stat = '1234 (node (x) y) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 75 0 0 20 0 11 0';
    expect(procStatCpuSeconds(stat)).toBeCloseTo(3.25);
  });
  it("reads the waited-for children's cutime + cstime (the load generator under its shell)", () => {
    const stat = '1234 (sh) S 1 1234 1234 0 -1 4194560 100 0 0 0 2 1 410 90 20 0 1 0';
    expect(procStatChildrenCpuSeconds(stat)).toBeCloseTo(5);
  });
  it('splits /proc/stat into busy and total seconds', () => {
    const text = 'cpu  100 10 50 800 20 5 15 0 0 0\ncpu0 50 5 25 400 10 2 8 0 0 0\n';
    expect(machineCpuSeconds(text)).toEqual({ busy: 1.8, total: 10 });
  });
  it('reads VmRSS in MiB', () => {
    expect(rssMiBOf('Name:\tnode\nVmRSS:\t   2048 kB\n')).toBe(2);
  });
  it('reads Pss (not Pss_Anon) from smaps_rollup in MiB', () => {
    const rollup = '00400000-7ff [rollup]\nRss:    8192 kB\nPss:    3072 kB\nPss_Anon:   1024 kB\n';
    expect(pssMiBOf(rollup)).toBe(3);
  });
});

describe('budget table', () => {
  it('prints PASS, FAIL and "not measured", never a number it does not have', () => {
    const figures = new Map([
      ['history server CPU µs/op', summarize([100, 90, 130])],
      ['history req/s', summarize([5000])],
      ['idle RSS MiB at 10,000 sockets (projected from 2000)', summarize([500])],
    ]);
    const rows = budgetRows(figures);
    expect(rows).toHaveLength(BUDGETS.reduce((n, b) => n + b.checks.length, 0));
    expect(rows[0]).toEqual([BUDGETS[0]!.budget, 'history server CPU µs/op: 100 (90–130)', 'PASS']);
    expect(rows[1]![2]).toBe('FAIL');
    expect(rows.find((r) => r[1].startsWith('send p99'))).toEqual(['', 'send p99 ms: not measured', '—']);
    expect(rows.find((r) => r[1].startsWith('idle'))![1]).toContain('projected from 2000');
    expect(formatTable(['a', 'b'], [['x', 'yy']]).split('\n')).toEqual(['| a | b  |', '|---|----|', '| x | yy |']);
  });
});
