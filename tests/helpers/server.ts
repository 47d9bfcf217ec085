import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Config, loadConfig } from '../../server/config.ts';
import { type MessengerServer, createServer } from '../../server/server.ts';

export interface TestServer {
  server: MessengerServer;
  url: string;
  dataDir: string;
  close(): Promise<void>;
}

/** A real server on 127.0.0.1 with a real libSQL file database in a fresh temp folder.
 * Rate limits are off unless a test turns them on (they key on the loopback address). */
export async function startTestServer(
  overrides: Partial<Config> = {},
  env: Record<string, string> = {},
  opts: { dataDir?: string; keepData?: boolean; port?: number } = {},
): Promise<TestServer> {
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'messenger-test-'));
  const base = loadConfig({ DATA_DIR: dataDir, PORT: String(opts.port ?? 0), HOST: '127.0.0.1', LOG_LEVEL: 'silent', RATE_LIMIT_ENABLED: 'false', ...env });
  const server = await createServer({ ...base, ...overrides });
  await server.listen();
  return {
    server,
    url: server.url(),
    dataDir,
    async close() {
      await server.close();
      if (!opts.keepData) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
