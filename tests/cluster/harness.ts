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

export type Runtime = 'node' | 'bun';

/** Instances of one cluster: separate processes sharing DATA_DIR (secrets, uploads) and one
 * database, and one Redis. */
export class Cluster {
  readonly dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'messenger-cluster-'));
  private bundle = buildServerBundle();
  readonly instances: Spawned[] = [];

  constructor(
    private readonly redisUrl: string,
    readonly databaseUrl = `file:${path.join(this.dataDir, 'messenger.db')}`,
  ) {}

  /** Started one after another: the first one runs the migrations. */
  async start(runtime: Runtime, env: Record<string, string> = {}): Promise<Spawned> {
    const settings = {
      DATA_DIR: this.dataDir,
      DATABASE_URL: this.databaseUrl,
      REDIS_URL: this.redisUrl,
      // Tests pick the client IP per request (rate limits are per IP, and the suite registers many users).
      TRUST_PROXY: 'true',
      LOG_LEVEL: 'info',
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
    this.bundle.cleanup();
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}
