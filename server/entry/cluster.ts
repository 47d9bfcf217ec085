import { randomBytes } from 'node:crypto';
import cluster, { type Worker } from 'node:cluster';
import { setupPrimary as setupAdapterPrimary } from '@socket.io/cluster-adapter';
import { RateLimiterClusterMaster } from 'rate-limiter-flexible';
import { BUS_MESSAGE } from '../cluster/ipc-bus.ts';
import {
  LISTEN_MESSAGE,
  READY_MESSAGE,
  ROUTES_MESSAGE,
  ROUTING_PORT_MESSAGE,
  ROUTING_SECRET_ENV,
  WORKER_ENV,
  WORKER_INDEX_ENV,
} from '../cluster/roles.ts';
import type { Config } from '../config.ts';
import { createLogger } from '../logger.ts';

const ignore = () => {};
const RESTART_DELAY_MS = 1000;

type Message = { type?: unknown; port?: unknown } | null;

/** WORKERS > 1 on Node: this process has no database, no app and reads no request. The workers
 * listen on the port themselves (Node's cluster shares it; the kernel's connections are dealt out
 * round robin), so keep-alive and request bodies never pass through here. The primary carries
 * socket.io's fan-out between workers (cluster adapter), the cluster bus, the rate-limit counts and
 * each worker's private port for Engine.IO sessions that land on a sibling
 * (server/cluster/session-routing.ts); restarts a worker that dies; and on SIGTERM lets every
 * worker drain, then exits 0. */
export async function runPrimary(config: Config): Promise<void> {
  const logger = createLogger(config.logLevel);
  // The cluster adapter sends binary packets: 'advanced' carries Buffers as bytes, not JSON arrays.
  cluster.setupPrimary({ serialization: 'advanced' });
  setupAdapterPrimary();
  new RateLimiterClusterMaster();

  const secret = randomBytes(32).toString('base64url');
  const indexOf = new Map<Worker, number>();
  const routes = new Map<number, number>();
  let open = false;
  const sendRoutes = () => {
    const msg = { type: ROUTES_MESSAGE, ports: [...routes] };
    for (const w of indexOf.keys()) if (w.isConnected()) w.send(msg, undefined, ignore);
  };
  cluster.on('message', (from, msg: Message) => {
    if (msg?.type === BUS_MESSAGE) {
      for (const w of Object.values(cluster.workers ?? {})) if (w && w !== from && w.isConnected()) w.send(msg, undefined, ignore);
    } else if (msg?.type === ROUTING_PORT_MESSAGE && typeof msg.port === 'number') {
      const index = indexOf.get(from)!;
      routes.set(index, msg.port);
      sendRoutes();
      // Each worker listens once it is built and the first one has reset presence (a user who
      // connected before that reset would show as offline): at a start the first one opens the
      // door for those built before it, and everyone later (siblings, replacements) walks in.
      if (open) from.send({ type: LISTEN_MESSAGE }, undefined, ignore);
      else if (index === 0) {
        open = true;
        for (const [w, i] of indexOf) if (routes.has(i)) w.send({ type: LISTEN_MESSAGE }, undefined, ignore);
      }
    }
  });

  let stopping = false;
  const fork = (index: number, first: boolean): Worker => {
    const w = cluster.fork({ [WORKER_ENV]: first ? 'first' : 'later', [WORKER_INDEX_ENV]: String(index), [ROUTING_SECRET_ENV]: secret });
    indexOf.set(w, index);
    return w;
  };
  // All at once: migrations are safe against each other (db/client.ts). The port is served from
  // the moment the first worker is; a worker that fails to start still ends the start.
  const started = Array.from({ length: config.workers }, (_, i) => fork(i, i === 0));
  let failing = false;
  // Reached twice when the first worker fails (its own wait and the wait for all): once is enough.
  const failed = async (err: unknown) => {
    if (stopping || failing) return; // stopping: a worker stopped before it was built
    failing = true;
    logger.error('a worker failed to start', { error: (err as Error).message });
    for (const w of started) w.process.kill('SIGTERM');
    await logger.close();
    process.exit((err as { code?: number }).code || 1);
  };
  const ready = started.map(readyOf);
  Promise.all(ready).catch(failed);
  let port: number;
  try {
    port = await ready[0]!;
  } catch (err) {
    return failed(err);
  }
  cluster.on('exit', (w, code, signal) => {
    const index = indexOf.get(w)!;
    indexOf.delete(w);
    if (stopping) return;
    // Its sessions are gone: siblings answer "Session ID unknown" for them from now on.
    routes.delete(index);
    sendRoutes();
    logger.error('worker exited: starting another', { pid: w.process.pid, code, signal });
    setTimeout(() => {
      if (!stopping) fork(index, false);
    }, RESTART_DELAY_MS).unref();
  });

  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  // The workers serve TLS themselves when it is configured.
  const url = `${config.tlsCertFile ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port!}`;
  logger.info('listening', { url, database: config.databaseUrl.replace(/\?.*$/, ''), workers: config.workers });

  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal, workers: Object.keys(cluster.workers ?? {}).length });
    const force = setTimeout(() => {
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGKILL');
      void logger.close().then(() => process.exit(1));
    }, 15_000);
    force.unref();
    // Each worker drains as a single server does (in-flight messages committed, sockets closed);
    // the port closes with the last one.
    await Promise.all(Object.values(cluster.workers ?? {}).map((w) => w && exitOf(w, 'SIGTERM')));
    await logger.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

/** Resolves with the port once the worker serves; rejects (with its exit code) if it exits first. */
function readyOf(w: Worker): Promise<number> {
  return new Promise((resolve, reject) => {
    const onMessage = (msg: Message) => {
      if (msg?.type !== READY_MESSAGE) return;
      w.off('exit', onExit);
      w.off('message', onMessage);
      resolve(msg.port as number);
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
