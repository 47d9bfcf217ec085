// `npm run build:bin`: the server as one Linux x64 executable, run by Bun (`bun scripts/build-bin.mjs`).
//   bun scripts/build-bin.mjs [--out dist/bin/intranet-messenger] [--client client/dist]
//   BYTECODE=0 …   without precompiled bytecode: 7 MiB smaller, a start about 40 % slower
// The file holds the Bun runtime, the bundled server (migrations are code), the libSQL native addon
// and the built web client (served from memory). sharp is left out: its libvips is a shared library
// beside the addon that an embedded addon cannot find, and it would add 18 MB; the binary logs
// "image processing unavailable" at start (no thumbnails, profile images refused).
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dir, '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? path.resolve(process.argv[i + 1]) : path.join(root, fallback);
};
const outfile = arg('--out', 'dist/bin/intranet-messenger');
const clientDir = arg('--client', 'client/dist');
if (!fs.existsSync(path.join(clientDir, 'index.html'))) {
  console.error(`no built web client in ${clientDir}: run \`node scripts/build.mjs --client\` first`);
  process.exit(1);
}

/** libsql picks its addon package by a computed `require(\`@libsql/${target}\`)`, which a bundler
 * cannot follow: name the Linux x64 glibc one statically so its index.node is embedded. */
const libsqlAddon = {
  name: 'libsql-static-addon',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]libsql[\\/]index\.js$/ }, async (args) => {
      const source = await Bun.file(args.path).text();
      const contents = source.replace(/function requireNative\(\) \{[\s\S]*?\n\}\n/, 'function requireNative() {\n  return require("@libsql/linux-x64-gnu");\n}\n');
      if (contents === source) throw new Error('libsql/index.js changed shape: requireNative() not found');
      return { contents, loader: 'js' };
    });
  },
};

/** `embedded:client`: the built web client prepared exactly as the server would at start
 * (server/web/assets.ts: gzip copies, ETags), bytes in base64. */
const embeddedClient = {
  name: 'embedded-client',
  setup(build) {
    build.onResolve({ filter: /^embedded:client$/ }, () => ({ path: 'client', namespace: 'embedded' }));
    build.onLoad({ filter: /.*/, namespace: 'embedded' }, async () => {
      const { assetsOf, readClientDir } = await import('../server/web/assets.ts');
      const b64 = (bytes) => Buffer.from(bytes).toString('base64');
      const assets = [...assetsOf(readClientDir(clientDir))].map(([p, a]) => ({ ...a, path: p, body: b64(a.body), gzip: a.gzip && b64(a.gzip) }));
      return { contents: `export default ${JSON.stringify(assets)};`, loader: 'js' };
    });
  },
};

/** sharp resolves to a module that fails to load: the server's lazy import degrades cleanly. */
const withoutSharp = {
  name: 'without-sharp',
  setup(build) {
    build.onResolve({ filter: /^sharp$/ }, () => ({ path: 'sharp', namespace: 'omitted' }));
    build.onLoad({ filter: /.*/, namespace: 'omitted' }, () => ({
      contents: 'throw new Error("sharp is not part of the single binary");',
      loader: 'js',
    }));
  },
};

const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
fs.mkdirSync(path.dirname(outfile), { recursive: true });
const result = await Bun.build({
  entrypoints: [path.join(root, 'server/entry/binary.ts')],
  compile: {
    outfile,
    // The binary runs in an operator's folder: only its environment configures it.
    autoloadDotenv: false,
    autoloadBunfig: false,
    autoloadTsconfig: false,
    autoloadPackageJson: false,
  },
  target: 'bun',
  minify: true,
  bytecode: process.env.BYTECODE !== '0',
  format: 'esm',
  define: { 'process.env.npm_package_version': JSON.stringify(pkg.version) },
  plugins: [libsqlAddon, embeddedClient, withoutSharp],
});
if (!result.success) {
  for (const log of result.logs) console.error(log);
  process.exit(1);
}
console.log(`${path.relative(process.cwd(), outfile)}: ${(fs.statSync(outfile).size / 1024 / 1024).toFixed(1)} MiB`);
