import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildClient } from '../helpers/client-build.ts';

/** The client budget (docs/architecture.md): JS+CSS ≤ 150 kB gzip. A size, not a timing, so it is
 * asserted; the figure is printed on every run. Every script and stylesheet of the build counts,
 * the desktop-only chunks (Neutralino) included. */
const BUDGET_BYTES = 150 * 1024;

let clientDir: string;
beforeAll(async () => {
  clientDir = await buildClient();
}, 120_000);

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(full) : [full];
  });
}

describe('client bundle size', () => {
  it('keeps JS+CSS within 150 kB gzip', () => {
    const files = filesUnder(clientDir).filter((f) => /\.(m?js|css)$/.test(f));
    expect(files.some((f) => f.endsWith('.js'))).toBe(true);
    expect(files.some((f) => f.endsWith('.css'))).toBe(true);
    const sizes = files.map((f) => ({ file: path.relative(clientDir, f), raw: fs.statSync(f).size, gzip: zlib.gzipSync(fs.readFileSync(f), { level: 9 }).length }));
    const total = sizes.reduce((n, s) => n + s.gzip, 0);
    const kB = (n: number) => `${(n / 1024).toFixed(1)} kB`;
    for (const s of sizes.sort((x, y) => y.gzip - x.gzip)) console.log(`  ${s.file}: ${kB(s.raw)} raw, ${kB(s.gzip)} gzip`);
    console.log(`client bundle (JS+CSS, gzip): ${kB(total)} of ${kB(BUDGET_BYTES)}`);
    expect(total).toBeLessThanOrEqual(BUDGET_BYTES);
  });
});
