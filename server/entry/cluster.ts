import cluster, { type Worker } from 'node:cluster';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setupPrimary as setupAdapterPrimary } from '@socket.io/cluster-adapter';
import { setupMaster as setupStickyPrimary } from '@socket.io/sticky';
import { RateLimiterClusterMaster } from 'rate-limiter-flexible';
import { BUS_MESSAGE } from '../cluster/ipc-bus.ts';
import { READY_MESSAGE, WORKER_ENV } from '../cluster/roles.ts';
import type { Config } from '../config.ts';
import { createLogger } from '../logger.ts';

const ignore = () => {};
const RESTART_DELAY_MS = 1000;

/** WORKERS > 1 on Node: this process holds the port and nothing else (no database, no app). It
 * hands each connection to a worker (sticky by Engine.IO sid, else the least connected one),
 * carries socket.io's fan-out between workers (cluster adapter), the cluster bus and the rate-limit
 * counts; restarts a worker that dies; and on SIGTERM lets every worker drain, then exits 0. */
export async function runPrimary(config: Config): Promise<void> {
  const logger = createLogger(config.logLevel);
  // Sticky forwards request bodies over IPC: 'advanced' sends Buffers as bytes, not JSON arrays.
  cluster.setupPrimary({ serialization: 'advanced' });
  const httpServer = http.createServer();
  setupStickyPrimary(httpServer, { loadBalancingMethod: 'least-connection' });
  setupAdapterPrimary();
  new RateLimiterClusterMaster();
  cluster.on('message', (from, msg: { type?: unknown } | null) => {
    if (msg?.type !== BUS_MESSAGE) return;
    for (const w of Object.values(cluster.workers ?? {})) if (w && w !== from && w.isConnected()) w.send(msg, undefined, ignore);
  });

  let stopping = false;
  const fork = (first: boolean): Worker => cluster.fork({ [WORKER_ENV]: first ? 'first' : 'later' });
  // All at once: migrations are safe against each other (db/client.ts), and the port opens only
  // when every worker serves, after the first one reset presence.
  const started = Array.from({ length: config.workers }, (_, i) => fork(i === 0));
  try {
    await Promise.all(started.map(readyOf));
  } catch (err) {
    logger.error('a worker failed to start', { error: (err as Error).message });
    for (const w of started) w.process.kill('SIGTERM');
    await logger.flush();
    process.exit((err as { code?: number }).code || 1);
  }
  cluster.on('exit', (w, code, signal) => {
    if (stopping) return;
    logger.error('worker exited: starting another', { pid: w.process.pid, code, signal });
    setTimeout(() => {
      if (!stopping) fork(false);
    }, RESTART_DELAY_MS).unref();
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  logger.info('listening', { url, database: config.databaseUrl.replace(/\?.*$/, ''), workers: config.workers });

  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal, workers: Object.keys(cluster.workers ?? {}).length });
    const force = setTimeout(() => {
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGKILL');
      void logger.flush().then(() => process.exit(1));
    }, 15_000);
    force.unref();
    httpServer.close();
    // Each worker drains as a single server does (in-flight messages committed, sockets closed).
    await Promise.all(Object.values(cluster.workers ?? {}).map((w) => w && exitOf(w, 'SIGTERM')));
    await logger.flush();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

/** Resolves when the worker serves; rejects (with its exit code) if it exits first. */
function readyOf(w: Worker): Promise<void> {
  return new Promise((resolve, reject) => {
    const onMessage = (msg: { type?: unknown } | null) => {
      if (msg?.type !== READY_MESSAGE) return;
      w.off('exit', onExit);
      w.off('message', onMessage);
      resolve();
    };
    const onExit = (code: number | null) => reject(Object.assign(new Error(`worker ${w.process.pid} exited with ${code}`), { code }));
    w.on('message', onMessage);
    w.once('exit', onExit);
  });
}

function exitOf(w: Worker, signal: NodeJS.Signals): Promise<void> {
  if (w.isDead()) return Promise.resolve();
  return new Promise((resolve) => {
    w.once('exit', () => resolve());
    w.process.kill(signal);
  });
}
