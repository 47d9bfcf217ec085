/**
 * The top of a V8 CPU profile, as text: self time per function, then time per package (inclusive).
 * Profiles come from the bench: `BENCH_NODE_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof" npm run
 * bench -- --quick history`; open the same .cpuprofile in Chrome DevTools or speedscope for the
 * flame graph.
 *
 *   npx tsx scripts/bench/profile-top.ts /tmp/prof/CPU.*.cpuprofile [rows]
 */
import fs from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, rowsArg] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-top.ts <file.cpuprofile> [rows]');
const rows = Number(rowsArg ?? 30);
const p = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const total = p.timeDeltas.reduce((a, b) => a + b, 0);

const where = (url: string) => url.split('/').slice(-2).join('/');
/** A package (node_modules/<name>), a server feature (server/<folder>), node's own, or V8's. */
const owner = (cf: ProfileNode['callFrame']): string => {
  const pkg = cf.url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1];
  if (pkg) return pkg;
  if (cf.url.startsWith('node:')) return cf.url;
  if (cf.functionName.startsWith('(')) return cf.functionName;
  return cf.url ? 'app' : '(native)';
};

const self = new Map<string, number>();
const inclusive = new Map<string, number>();
p.samples.forEach((id, i) => {
  const dt = p.timeDeltas[i] ?? 0;
  const cf = byId.get(id)!.callFrame;
  const key = `${cf.functionName || '(anonymous)'}  ${where(cf.url)}:${cf.lineNumber}`;
  self.set(key, (self.get(key) ?? 0) + dt);
  const seen = new Set<string>();
  for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
    const o = owner(byId.get(n)!.callFrame);
    if (!seen.has(o)) inclusive.set(o, (inclusive.get(o) ?? 0) + dt), seen.add(o);
  }
});

const pct = (v: number) => `${((v / total) * 100).toFixed(1).padStart(5)} %`;
console.log(`${file}: ${(total / 1e6).toFixed(2)} s sampled\n\nself time`);
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, rows)) console.log(`${pct(v)}  ${k}`);
console.log('\ninclusive, by package');
for (const [k, v] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, rows)) console.log(`${pct(v)}  ${k}`);
