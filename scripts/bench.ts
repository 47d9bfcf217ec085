/**
 * `npm run bench`: measures the budgets of issue 15 / docs/architecture.md against a real server
 * process on loopback and prints figures (never asserts: machines are shared and noisy). Every phase
 * prints the server's CPU per operation, the driver's CPU and the other load on the machine; every
 * figure is the median of --runs (min–max beside it); a budget table with PASS/FAIL ends the run.
 *
 *   npm run bench                          # all phases, 3 runs
 *   npm run bench -- --quick send history  # 1 run, some phases: send, room50, pairs, history, fanout, logins, upload, idle
 *   npm run bench -- --compare main        # also a server built from `main`, alternating, with ratios
 *   npm run bench -- search                # the 1,000,000-message search figure (once, only when named)
 *   BENCH_WORKERS=1 npm run bench -- ...   # the server's WORKERS (default: the server's own, the number of cores);
 *                                          # CPU and RSS are summed over its whole process tree
 */
import path from 'node:path';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { budgetRows, formatNumber, formatTable } from './bench/budget.ts';
import { users } from './bench/clients.ts';
import { pssMiB, rssPerProcessMiB } from './bench/measure.ts';
import { FRESH_SERVER, PHASES, sampleRss } from './bench/phases.ts';
import { benchSearch } from './bench/search.ts';
import { type ServerBuild, buildServer, checkoutRef, startServer, stopServer } from './bench/server.ts';
import { type Summary, summarize } from './bench/stats.ts';

const root = path.resolve(import.meta.dirname, '..');
const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: { runs: { type: 'string', default: '3' }, quick: { type: 'boolean', default: false }, compare: { type: 'string' } },
});
const runs = opts.quick ? 1 : Math.max(1, Number(opts.runs) || 3);
const phases = positionals.length ? positionals.filter((p) => p in PHASES) : Object.keys(PHASES);
for (const p of positionals) if (!(p in PHASES) && p !== 'search' && p !== 'coldstart') throw new Error(`unknown phase ${p}; known: ${Object.keys(PHASES).join(', ')}, search`);

/** One run against a fresh server: every selected phase, plus cold start and whole-run RSS. */
async function runOnce(build: ServerBuild): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const server = await startServer(build);
  out.set('coldstart ms', server.readyMs);
  await new Promise((r) => setTimeout(r, 200));
  const rss = sampleRss(server.pid);
  // WORKERS > 1: RSS figures are the whole tree's; these say how it splits.
  const perProcess = rssPerProcessMiB(server.pid);
  out.set('server processes', perProcess.length);
  if (perProcess.length > 1) {
    out.set('server PSS idle MiB (shared pages counted once)', pssMiB(server.pid));
    out.set('server RSS idle MiB, primary', perProcess[0]!);
    out.set('server RSS idle MiB, largest worker', Math.max(...perProcess.slice(1)));
  }
  try {
    for (const name of phases) {
      const own = FRESH_SERVER.has(name) ? await startServer(build) : null;
      try {
        const figures = await PHASES[name]!({ url: (own ?? server).url, pid: (own ?? server).pid });
        for (const [k, v] of Object.entries(figures)) out.set(`${name} ${k}`, v);
      } finally {
        if (own) await stopServer(own);
      }
    }
  } finally {
    // The main server's (the memory phases report their own servers' figures).
    out.set('server RSS idle MiB', rss.idle);
    out.set('server RSS high-water MiB', rss.stop());
    await stopServer(server);
  }
  return out;
}

function collect(samples: Array<Map<string, number>>): Map<string, Summary> {
  const keys = [...new Set(samples.flatMap((m) => [...m.keys()]))];
  return new Map(keys.map((k) => [k, summarize(samples.map((m) => m.get(k) ?? NaN))]));
}

const show = (s: Summary | undefined) => (!s || s.n === 0 ? '—' : s.n > 1 ? `${formatNumber(s.median)} (${formatNumber(s.min)}–${formatNumber(s.max)})` : formatNumber(s.median));

async function main(): Promise<void> {
  console.log(`bench on ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? '?'}, node ${process.version}, loadavg ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`phases: ${phases.join(', ')}; ${runs} run(s)${opts.compare ? `; compared with ${opts.compare}` : ''}`);
  const builds = [buildServer(root, 'ours')];
  const ref = opts.compare ? checkoutRef(root, opts.compare) : null;
  try {
    if (ref) builds.push(buildServer(ref.dir, opts.compare!));
    const samples = builds.map(() => [] as Array<Map<string, number>>);
    for (let r = 0; r < runs; r++) {
      // Alternate the order so neither server always runs on the warmer (or busier) machine.
      const order = r % 2 ? [...builds.keys()].reverse() : [...builds.keys()];
      for (const i of order) {
        console.log(`run ${r + 1}/${runs}: ${builds[i]!.label}`);
        samples[i]!.push(await runOnce(builds[i]!));
      }
    }
    const [ours, theirs] = samples.map(collect);
    const header = theirs ? ['figure', 'ours', opts.compare!, 'ratio (ours / theirs)'] : ['figure', runs > 1 ? `median of ${runs} (min–max)` : 'value'];
    const rows = [...ours!.keys()].map((k) => {
      const a = ours!.get(k);
      if (!theirs) return [k, show(a)];
      const b = theirs.get(k);
      return [k, show(a), show(b), a && b ? formatNumber(a.median / b.median) : '—'];
    });
    console.log(`\nfigures\n${formatTable(header, rows)}`);
    console.log(`\nbudgets (issue 15 Goal)\n${formatTable(['budget', 'figure', 'verdict'], budgetRows(ours!))}`);
    if (theirs) console.log(`\nbudgets for ${opts.compare}\n${formatTable(['budget', 'figure', 'verdict'], budgetRows(theirs))}`);
  } finally {
    ref?.cleanup();
  }
  // Last, on its own server and database, once: a million messages.
  if (positionals.includes('search')) {
    const build = builds[0]!;
    await benchSearch({
      startServer: (dataDir) => startServer(build, dataDir),
      stopServer,
      users,
      report: (name, figures, budget) => {
        console.log(`\n${name}`);
        for (const [k, v] of Object.entries(figures)) console.log(`  ${k.padEnd(28)} ${v}`);
        console.log(`  ${'budget'.padEnd(28)} ${budget}`);
      },
    });
  }
}

await main();
