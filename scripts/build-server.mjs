// Bundle the server into ESM for fast starts (Node 20 has no TS type stripping; tsx
// transpiles ~100 files at every start). The npm packages are bundled too: Node's loader spent a
// third of a cold start resolving, reading and wrapping ~80 packages' files one by one (measured:
// 1.5-2.0 s to the first health answer, 1.0-1.2 s bundled). Native addons stay external and load
// from node_modules.
//   node scripts/build-server.mjs [outfile]   (default dist/server.mjs)
// Split into chunks: what is imported dynamically (the app, behind a cluster primary; the operator
// commands) loads only when used, with the packages it imports, instead of at every start.
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const outfile = process.argv[2] ?? 'dist/server.mjs';
/** Loaded from node_modules at run time: packages with native addons (ws's are optional), and
 * every package the server loads with import() (found in its sources). Those load after the start,
 * so bundling them gains nothing, and a bundled CommonJS package reached by import() would offer
 * only `default`, where Node's loader also offers its named exports (`{ Busboy }`, `{ generate }`).
 * socket.io-adapter too: the Redis adapter (loaded with import()) extends it, and socket.io and
 * the cluster adapter share that one copy (with two, the Redis-restart cluster test failed in both
 * runs; with one, it passed as before). */
const NATIVE = ['libsql', 'sharp', 'bufferutil', 'utf-8-validate'];
const SHARED = ['socket.io-adapter'];
const external = [...new Set([...NATIVE, ...SHARED, ...lazyPackages('server')])];
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
  external,
  // Bundled CommonJS packages call require() for Node's modules and the addons, and a few name
  // __dirname (ioredis's stack trimming; pino's transport workers, unused): ESM has neither.
  banner: {
    js: [
      "import { createRequire as __createRequire } from 'node:module';",
      "import { dirname as __dirnameOf } from 'node:path';",
      "import { fileURLToPath as __fileURLToPath } from 'node:url';",
      'const require = __createRequire(import.meta.url);',
      'const __filename = __fileURLToPath(import.meta.url);',
      'const __dirname = __dirnameOf(__filename);',
    ].join(' '),
  },
  // Whitespace and comments out, identifiers kept (stack traces stay readable without the map):
  // V8 keeps every script's text in the heap, and the comments' few non-ASCII characters made
  // it store the two largest chunks two bytes a character (4 MB of strings at idle, now 1.1).
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'external',
  sourcemap: 'linked',
  // Stack traces still name the packages' files and lines; their text stays in node_modules (a
  // map with it is three times larger, and --enable-source-maps reads it at start).
  sourcesContent: false,
  outdir: path.dirname(outfile),
  logLevel: 'warning',
});

/** The packages named by `import('…')` in the .ts files under `dir`. */
function lazyPackages(dir) {
  const names = [];
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const source = fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8');
    for (const [, name] of source.matchAll(/\bimport\(\s*'([^.'][^']*)'\s*\)/g)) names.push(name);
  }
  return names;
}
