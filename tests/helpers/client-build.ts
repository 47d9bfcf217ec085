import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'vite';
import { root } from './entry.ts';

let built: Promise<string> | null = null;

/** Build the web client once per test process into a private folder (test files run in
 * parallel; client/dist belongs to `npm start`). Returns the folder to pass as CLIENT_DIR. */
export function buildClient(): Promise<string> {
  built ??= (async () => {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'messenger-client-'));
    await build({ configFile: path.join(root, 'client/vite.config.ts'), logLevel: 'silent', build: { outDir, emptyOutDir: true } });
    process.once('exit', () => fs.rmSync(outDir, { recursive: true, force: true }));
    return outDir;
  })();
  return built;
}
