import { READY_MESSAGE, ROUTING_SECRET_ENV, WORKER_ENV, WORKER_INDEX_ENV } from '../cluster/roles.ts';
import { type Config, ConfigError, loadConfig } from '../config.ts';
import { createLogger } from '../logger.ts';
import type { RuntimeParts } from '../server.ts';

/** Shared by the runtime entries: start (WORKERS > 1 on Node: a cluster primary and its workers,
 * server/entry/cluster.ts), then shut down cleanly on SIGTERM/SIGINT. */
export async function start(parts: RuntimeParts = {}): Promise<void> {
  const role = process.send ? process.env[WORKER_ENV] : undefined;
  if (role === 'first' || role === 'later') {
    const worker = { first: role === 'first', index: Number(process.env[WORKER_INDEX_ENV]), secret: process.env[ROUTING_SECRET_ENV] ?? '' };
    // Not for the programs a worker runs (UPLOAD_SCAN_COMMAND).
    delete process.env[ROUTING_SECRET_ENV];
    return serve({ ...parts, worker });
  }
  const config = configOrExit();
  if (config.workers > 1) {
    const logger = createLogger(config.logLevel);
    const runtime = process.versions.bun ? 'Bun' : 'Deno' in globalThis ? 'Deno' : null;
    if (runtime) logger.info('WORKERS is Node-only: serving from one process', { runtime, workers: config.workers });
    else {
      const { runPrimary } = await import('./cluster.ts');
      return runPrimary(config);
    }
  }
  return serve(parts);
}

function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
}

/** One server process: alone, or a worker of the primary. */
async function serve(parts: RuntimeParts): Promise<void> {
  let server;
  try {
    // Loaded here, not at the top: a cluster primary never loads the app (nor its packages).
    const { createServer } = await import('../server.ts');
    server = await createServer({}, {}, parts);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const port = await server.listen();
  if (parts.worker) process.send!({ type: READY_MESSAGE, port });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.logger.info('shutting down', { signal });
    const force = setTimeout(() => void server.logger.close().then(() => process.exit(1)), 10_000);
    force.unref();
    await server.close();
    await server.logger.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  // A worker whose primary is gone has no connections to wait for.
  if (parts.worker) process.on('disconnect', () => void stop('disconnect'));
}
