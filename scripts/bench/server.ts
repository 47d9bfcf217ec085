/** The server under test: built once per source tree (ours, or another git ref for `--compare`),
 * started fresh per run in its own process on loopback. */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

export interface ServerBuild {
  label: string;
  root: string;
  command: string;
  args: string[];
}

export interface Server {
  proc: ChildProcess;
  pid: number;
  url: string;
  dataDir: string;
  readyMs: number;
}

/** BENCH_TARGET=node (default) bundles with the tree's own build script and runs on plain Node, as
 * `npm start` does; bun/deno run the sources; binary runs dist/bin (built by `npm run build:bin`). */
export function buildServer(root: string, label: string, target = process.env.BENCH_TARGET ?? 'node'): ServerBuild {
  const bin = (name: string) => path.join(root, 'node_modules/.bin', name);
  switch (target) {
    case 'bun':
      return { label, root, command: bin('bun'), args: ['server/entry/bun.ts'] };
    case 'deno':
      return { label, root, command: bin('deno'), args: ['run', '-A', 'server/entry/deno.ts'] };
    case 'binary':
      return { label, root, command: path.join(root, 'dist/bin/intranet-messenger'), args: [] };
    default: {
      const bundle = path.join(root, 'dist/bench/server.mjs');
      execFileSync(process.execPath, [path.join(root, 'scripts/build-server.mjs'), bundle], { cwd: root, stdio: 'inherit' });
      const flags = process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? [];
      const launch = startScriptLaunch(root);
      // Through env(1), which execs node (same pid): the allocator reads its settings at exec.
      return { label, root, command: 'env', args: [...launch.env, process.execPath, ...launch.flags, ...flags, bundle] };
    }
  }
}

/** The tree's own `npm start` settings (package.json), so the bench runs the server as operators
 * do: its environment assignments (`NAME=${NAME:-value}`: this environment's value wins, as in the
 * script) and its node flags (`exec node <flags> dist/server.mjs`). */
export function startScriptLaunch(root: string): { env: string[]; flags: string[] } {
  const start: string = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).scripts?.start ?? '';
  const env = [...start.matchAll(/\b([A-Z_]+)=(?:\$\{\1:-([^}]*)\}|(\S+))/g)].map(([, name, fallback, value]) => `${name}=${process.env[name!] ?? fallback ?? value}`);
  const flags = start.match(/\bexec node ((?:--\S+ )*)\S*server\.mjs/)?.[1]?.trim().split(' ').filter(Boolean) ?? [];
  return { env, flags };
}

/** `--compare <ref>`: a git worktree of that ref in a temp dir; node_modules is a symlink to ours
 * when the lockfiles are identical (else `npm ci`). Removed by the returned cleanup. */
export function checkoutRef(root: string, ref: string): { dir: string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'messenger-bench-ref-'));
  execFileSync('git', ['worktree', 'add', '--detach', dir, ref], { cwd: root, stdio: 'inherit' });
  const lock = (d: string) => fs.readFileSync(path.join(d, 'package-lock.json'), 'utf8');
  if (lock(dir) === lock(root)) fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  else execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'inherit' });
  return {
    dir,
    cleanup: () => {
      execFileSync('git', ['worktree', 'remove', '--force', dir], { cwd: root, stdio: 'inherit' });
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function startServer(build: ServerBuild, dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'messenger-bench-'))): Promise<Server> {
  const started = performance.now();
  const proc = spawn(build.command, build.args, {
    cwd: build.root,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      RATE_LIMIT_ENABLED: 'false',
      LOG_LEVEL: 'info',
      // BENCH_WORKERS: the server's WORKERS (unset: its default, the number of cores).
      ...(process.env.BENCH_WORKERS ? { WORKERS: process.env.BENCH_WORKERS } : {}),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let err = '';
    let found = false;
    // BENCH_SERVER_LOG=<file>: every server's log appended there (to look into an odd run).
    const log = process.env.BENCH_SERVER_LOG ? fs.createWriteStream(process.env.BENCH_SERVER_LOG, { flags: 'a' }) : null;
    proc.stderr!.on('data', (c: Buffer) => {
      log?.write(c);
      // Past the start, the request log is only drained (kept, it would grow with every request).
      if (found) return;
      err += c.toString();
      const m = err.match(/^.*"msg":"listening".*$/m)?.[0].match(/"url":"([^"]+)"/);
      if (m) {
        found = true;
        resolve(m[1]!);
      }
    });
    proc.once('exit', (code) => reject(new Error(`server exited ${code}: ${err}`)));
  });
  // Cold start = process spawn until the first health answer (401 is an answer).
  for (;;) {
    const res = await fetch(`${url}/api/system/health`).catch(() => null);
    if (res) break;
  }
  return { proc, pid: proc.pid!, url, dataDir, readyMs: performance.now() - started };
}

export async function stopServer(s: { proc: ChildProcess; dataDir: string }, keepData = false): Promise<void> {
  if (s.proc.exitCode === null) {
    const exited = new Promise((r) => s.proc.once('exit', r));
    s.proc.kill('SIGTERM');
    await exited;
  }
  if (!keepData) fs.rmSync(s.dataDir, { recursive: true, force: true });
}
