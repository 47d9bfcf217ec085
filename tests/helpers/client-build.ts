import fs from 'node:fs';
import path from 'node:path';
import { build } from 'vite';
import { inject } from 'vitest';
import { root } from './entry.ts';

let built: Promise<string> | null = null;

/** Build the web client once per test process into a private folder under the run's folder
 * (tests/helpers/global-setup.ts removes it; test files run in parallel; client/dist belongs to
 * `npm start`). Returns the folder to pass as CLIENT_DIR. */
export function buildClient(): Promise<string> {
  built ??= (async () => {
    const outDir = fs.mkdtempSync(path.join(inject('runDir'), 'client-'));
    await build({ configFile: path.join(root, 'client/vite.config.ts'), logLevel: 'silent', build: { outDir, emptyOutDir: true } });
    return outDir;
  })();
  return built;
}
