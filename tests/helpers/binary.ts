import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { inject } from 'vitest';
import { buildClient } from './client-build.ts';
import { root } from './entry.ts';

/** The single binary, built as `npm run build:bin` builds it, once per test run into the run's
 * folder: test files run in parallel processes, so the first one takes the folder as a lock and
 * builds; the others wait for its "done" note. Returns the executable's path. */
export async function buildBinary(): Promise<string> {
  const dir = path.join(inject('runDir'), 'bin');
  const file = path.join(dir, 'intranet-messenger');
  const done = path.join(dir, 'done');
  try {
    fs.mkdirSync(dir);
  } catch {
    for (let i = 0; i < 480 && !fs.existsSync(done); i++) await sleep(250);
    const note = fs.existsSync(done) ? fs.readFileSync(done, 'utf8') : 'the build in another test process did not finish';
    if (note !== 'ok') throw new Error(note);
    return file;
  }
  try {
    const clientDir = await buildClient();
    execFileSync(path.join(root, 'node_modules/.bin/bun'), ['scripts/build-bin.mjs', '--client', clientDir, '--out', file], { cwd: root, stdio: 'pipe' });
    fs.writeFileSync(done, 'ok');
  } catch (err) {
    fs.writeFileSync(done, `build:bin failed: ${(err as Error).message}`);
    throw err;
  }
  return file;
}

/** A copy of the binary alone in a new temp folder outside the repository (no node_modules above). */
export function binaryInEmptyDir(binary: string): { dir: string; file: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'messenger-bin-'));
  const file = path.join(dir, 'intranet-messenger');
  fs.copyFileSync(binary, file);
  fs.chmodSync(file, 0o755);
  return { dir, file, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
