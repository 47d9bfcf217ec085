import { spawn } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, vi } from 'vitest';
import type { Native } from '../platform/neutralino/native.ts';

export type NodeNative = Pick<Native, 'exec' | 'env' | 'read' | 'write' | 'chmod' | 'remove' | 'exists' | 'mkdir' | 'watch'>;

/** The desktop modules' file and shell calls on the test machine itself: real files (in a fresh
 * folder per test, `dir()`), a real /bin/sh as os.execCommand runs it, environment variables
 * layered over this process's. What stands in for an OS facility CI lacks is added by the test
 * (a PATH entry). Call at the top of a test file; folders and watchers go after each test. */
export function useNodeNative(): { dir(): string; native(env?: Record<string, string>): NodeNative } {
  let dir: string | null = null;
  const watchers: fs.FSWatcher[] = [];
  afterEach(() => {
    watchers.splice(0).forEach((w) => w.close());
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    dir = null;
  });
  return {
    dir: () => (dir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'desktop-'))),
    native: (env = {}) => ({
      exec: (command, stdIn) =>
        new Promise((resolve, reject) => {
          const child = spawn('/bin/sh', ['-c', command], { env: { ...process.env, ...env } });
          let stdOut = '';
          let stdErr = '';
          child.stdout.on('data', (d) => (stdOut += d));
          child.stderr.on('data', (d) => (stdErr += d));
          child.on('error', reject);
          child.on('close', (code) => resolve({ exitCode: code ?? -1, stdOut, stdErr }));
          // A command that exits without reading its input (not found, failed) closes the pipe.
          child.stdin.on('error', () => {});
          child.stdin.end(stdIn ?? '');
        }),
      env: async (key) => env[key] ?? process.env[key] ?? '',
      read: (p) => fsp.readFile(p, 'utf8').catch((err) => (err.code === 'ENOENT' ? null : Promise.reject(err))),
      write: (p, data) => fsp.writeFile(p, data),
      chmod: (p, mode) => fsp.chmod(p, mode),
      remove: (p) => fsp.rm(p, { recursive: true, force: true }),
      exists: (p) =>
        fsp.stat(p).then(
          () => true,
          () => false,
        ),
      mkdir: async (p) => void (await fsp.mkdir(p, { recursive: true })),
      watch: async (dir, onChange) => {
        watchers.push(fs.watch(dir, (_event, name) => name && onChange(name)));
      },
    }),
  };
}

export const modeOf = (p: string) => fs.statSync(p).mode & 0o777;

/** The `console.warn` calls of each test (native failures are logged, not thrown): read inside tests. */
export function captureWarnings(): unknown[][] {
  const warnings: unknown[][] = [];
  beforeEach(() => {
    warnings.length = 0;
    vi.spyOn(console, 'warn').mockImplementation((...args) => void warnings.push(args));
  });
  afterEach(() => vi.restoreAllMocks());
  return warnings;
}
