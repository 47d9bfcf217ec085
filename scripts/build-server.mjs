// Bundle the server into ESM for fast starts (Node 20 has no TS type stripping; tsx
// transpiles ~100 files at every start). npm packages stay external and load from node_modules.
//   node scripts/build-server.mjs [outfile]   (default dist/server.mjs)
// Split into chunks: what is imported dynamically (the app, behind a cluster primary; the operator
// commands) loads only when used, with the packages it imports, instead of at every start.
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const outfile = process.argv[2] ?? 'dist/server.mjs';
// Chunk names carry a content hash: drop the previous build's.
fs.rmSync(path.join(path.dirname(outfile), 'chunks'), { recursive: true, force: true });
await build({
  entryPoints: { [path.basename(outfile, '.mjs')]: 'server/entry/node.ts' },
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  outdir: path.dirname(outfile),
  logLevel: 'warning',
});
