// Bundle the server into one ESM file for fast starts (Node 20 has no TS type stripping; tsx
// transpiles ~100 files at every start). npm packages stay external and load from node_modules.
//   node scripts/build-server.mjs [outfile]   (default dist/server.mjs)
import { build } from 'esbuild';

const outfile = process.argv[2] ?? 'dist/server.mjs';
await build({
  entryPoints: ['server/entry/node.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  outfile,
  logLevel: 'warning',
});
