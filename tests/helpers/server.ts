import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Config, loadConfig } from '../../server/config.ts';
import { type MessengerServer, type Tuning, createServer } from '../../server/server.ts';
import { type Sqld, dbBackend, onSqld, startSqld } from './sqld.ts';

export interface TestServer {
  server: MessengerServer;
  url: string;
  dataDir: string;
  close(): Promise<void>;
}

/** A real server on 127.0.0.1 with a real libSQL file database in a fresh temp folder (or, with
 * DB_BACKEND=sqld, a real sqld of its own).
 * Rate limits are off unless a test turns them on (they key on the loopback address). */
export interface StartOptions {
  /** Settings as environment variables (parsed like the real thing). */
  env?: Record<string, string>;
  /** Parsed settings to override after that. */
  config?: Partial<Config>;
  /** Reuse a data folder (a restart); a fresh temp folder otherwise. */
  dataDir?: string;
  /** Keep the data folder after close (to restart on it). */
  keepData?: boolean;
  port?: number;
  /** Shorter server timings (typing expiry). */
  tuning?: Tuning;
}

export async function startTestServer(opts: StartOptions = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'messenger-test-'));
  // DB_BACKEND=sqld|replica: a libSQL server of its own over DATA_DIR/sqld (a restart on the folder gets the same data).
  const wantsSqld = onSqld && !opts.env?.DATABASE_URL && !opts.config?.databaseUrl;
  const sqld: Sqld | undefined = wantsSqld ? await startSqld(path.join(dataDir, 'sqld')) : undefined;
  const dbEnv: Record<string, string> = !sqld
    ? {}
    : dbBackend === 'replica'
      ? { DATABASE_URL: `file:${path.join(dataDir, 'replica', 'messenger.db')}`, DATABASE_SYNC_URL: sqld.url }
      : { DATABASE_URL: sqld.url };
  const base = loadConfig({ DATA_DIR: dataDir, PORT: String(opts.port ?? 0), HOST: '127.0.0.1', LOG_LEVEL: 'silent', RATE_LIMIT_ENABLED: 'false', ...dbEnv, ...opts.env });
  let server: MessengerServer;
  try {
    server = await createServer({ ...base, ...opts.config }, opts.tuning);
    await server.listen();
  } catch (err) {
    await sqld?.stop();
    throw err;
  }
  return {
    server,
    url: server.url(),
    dataDir,
    async close() {
      await server.close();
      await sqld?.stop();
      if (!opts.keepData) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
