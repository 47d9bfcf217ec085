import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '../..');

/** Build the server bundle exactly as `npm start` does, into a private folder under dist/ (test
 * files run in parallel), so tests run what operators run. */
export function buildServerBundle(): { file: string; cleanup: () => void } {
  const dir = path.join(root, 'dist', `test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
  const file = path.join(dir, 'server.mjs');
  execFileSync(process.execPath, [path.join(root, 'scripts/build-server.mjs'), file], { cwd: root });
  return { file, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export interface Spawned {
  proc: ChildProcess;
  url: string;
  /** Everything it wrote to stderr so far (the JSON log). */
  log(): string;
}

export interface SpawnOptions {
  /** Default: the repository. */
  cwd?: string;
  /** Start from an empty environment (the settings and `env` only) instead of this process's. */
  cleanEnv?: boolean;
}

/** Start a server process and resolve with its URL once it logs "listening". */
export function spawnServer(command: string, args: string[], env: Record<string, string>, opts: SpawnOptions = {}): Promise<Spawned> {
  const proc = spawn(command, args, {
    cwd: opts.cwd ?? root,
    // One process (no cluster primary) unless the test asks for WORKERS.
    env: { ...(opts.cleanEnv ? {} : process.env), PORT: '0', HOST: '127.0.0.1', WORKERS: '1', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let err = '';
    proc.stderr!.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      // JSON log lines, fields in any order.
      const m = err.match(/^.*"msg":"listening".*$/m)?.[0].match(/"url":"([^"]+)"/);
      if (m) resolve({ proc, url: m[1]!, log: () => err });
    });
    proc.once('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
  });
}

/** Signal a spawned server (SIGTERM: a launcher such as `deno task` passes it on, a kill would
 * orphan the server) unless it has exited already, and wait for its exit; `killAfterMs`: SIGKILL
 * if it has not exited by then. */
export async function stopProcess(proc: ChildProcess, signal: NodeJS.Signals = 'SIGTERM', killAfterMs?: number): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const done = exitOf(proc);
  proc.kill(signal);
  const timer = killAfterMs === undefined ? null : setTimeout(() => proc.kill('SIGKILL'), killAfterMs);
  await done;
  if (timer) clearTimeout(timer);
}

export function exitOf(proc: ChildProcess): Promise<number | null> {
  if (proc.exitCode !== null) return Promise.resolve(proc.exitCode);
  // 'close', not 'exit': the exit code, once every line the process wrote has been read.
  return new Promise((resolve) => proc.once('close', (code) => resolve(code)));
}
