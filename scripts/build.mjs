// `npm run build`: the server bundle (dist/server.mjs) and the web client (client/dist).
//   node scripts/build.mjs            both
//   node scripts/build.mjs --client   the client only
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { build as viteBuild } from 'vite';

const root = path.resolve(import.meta.dirname, '..');
const clientOnly = process.argv.includes('--client');
if (!clientOnly) execFileSync(process.execPath, [path.join(root, 'scripts/build-server.mjs')], { cwd: root, stdio: 'inherit' });
await viteBuild({ configFile: path.join(root, 'client/vite.config.ts'), logLevel: 'warn' });
