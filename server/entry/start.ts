import { ConfigError } from '../config.ts';
import { type RuntimeParts, createServer } from '../server.ts';

/** Shared by the runtime entries: start, then shut down cleanly on SIGTERM/SIGINT. */
export async function start(parts: RuntimeParts = {}): Promise<void> {
  let server;
  try {
    server = await createServer({}, {}, parts);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  await server.listen();
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.logger.info('shutting down', { signal });
    const force = setTimeout(() => void server.logger.flush().then(() => process.exit(1)), 10_000);
    force.unref();
    await server.close();
    await server.logger.flush();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}
