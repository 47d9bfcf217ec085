// `npm run desktop:build`: the desktop app. Builds the client (Vite) and packages it with the
// Neutralino runtime found in client/bin/ (`neu build`, offline) into dist/desktop/intranet-messenger/
// (the binary + resources.neu), plus a zip beside it; prints both sizes. Never inside client/dist:
// the web server must not serve desktop binaries.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build as viteBuild } from 'vite';

const root = path.resolve(import.meta.dirname, '..');
const clientDir = path.join(root, 'client');
const outDir = path.join(root, 'dist', 'desktop');
const appDir = path.join(outDir, 'intranet-messenger');

const runtimes = fs.existsSync(path.join(clientDir, 'bin')) ? fs.readdirSync(path.join(clientDir, 'bin')).filter((f) => f.startsWith('neutralino-')) : [];
if (runtimes.length === 0) {
  console.error(`desktop:build needs the Neutralino runtime in client/bin/ (none found).
  - on a machine with internet access: cd client && npx neu update
  - or copy a runtime binary you have, e.g. cp <path>/neutralino-linux_x64 client/bin/
Each neutralino-<os>_<arch> binary found there is packaged (linux, mac, win).`);
  process.exit(1);
}

/** The Ed25519 public key the app trusts for updates: RELEASE_PUBLIC_KEY (raw, base64), else the
 * key `release-channel` keeps in DATA_DIR (default ./data). Without one, the app offers update
 * links unverified (fine for development, not for a release). */
function releasePublicKey() {
  if (process.env.RELEASE_PUBLIC_KEY) return { key: process.env.RELEASE_PUBLIC_KEY, from: 'RELEASE_PUBLIC_KEY' };
  const file = path.resolve(process.env.DATA_DIR || path.join(root, 'data'), 'release-signing-key.json');
  if (!fs.existsSync(file)) return null;
  return { key: JSON.parse(fs.readFileSync(file, 'utf8')).public_key, from: file };
}
const release = releasePublicKey();
if (release && Buffer.from(String(release.key), 'base64').length !== 32) {
  console.error(`desktop:build: the release public key from ${release.from} is not 32 bytes of base64`);
  process.exit(1);
}
process.env.RELEASE_PUBLIC_KEY = release?.key ?? '';
console.log(release ? `release key: ${release.key} (from ${release.from})` : 'release key: none (update downloads are not verified; see docs/operations.md)');

await viteBuild({ configFile: path.join(clientDir, 'vite.config.ts'), logLevel: 'warn' });
fs.rmSync(outDir, { recursive: true, force: true });
// neu stages its files in client/.tmp; it writes to cli.distributionPath (../dist/desktop).
execFileSync(process.execPath, [path.join(root, 'node_modules/@neutralinojs/neu/bin/neu.js'), 'build'], { cwd: clientDir, stdio: ['ignore', 'ignore', 'inherit'] });
fs.rmSync(path.join(clientDir, '.tmp'), { recursive: true, force: true });
for (const f of fs.readdirSync(appDir)) if (f.startsWith('intranet-messenger-') && !f.endsWith('.exe')) fs.chmodSync(path.join(appDir, f), 0o755);

const folderBytes = fs.readdirSync(appDir).reduce((n, f) => n + fs.statSync(path.join(appDir, f)).size, 0);
const mb = (n) => `${(n / 1024 / 1024).toFixed(2)} MB`;
console.log(`desktop app: ${path.relative(root, appDir)} (${runtimes.join(', ')}), ${mb(folderBytes)}`);
const zip = path.join(outDir, 'intranet-messenger.zip');
try {
  execFileSync('zip', ['-q', '-r', '-9', zip, 'intranet-messenger'], { cwd: outDir });
  console.log(`  zipped: ${path.relative(root, zip)}, ${mb(fs.statSync(zip).size)}`);
} catch (err) {
  if (err.code !== 'ENOENT') throw err;
  console.log('  (no zip command here: the folder is the package; apt-get install zip for the archive)');
}
