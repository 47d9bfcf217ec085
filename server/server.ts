import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { createApp } from './app.ts';
import { SessionStateCache } from './auth/session-state.ts';
import { TokenService } from './auth/tokens.ts';
import { type Config, loadConfig } from './config.ts';
import type { Services } from './context.ts';
import { openDatabase } from './db/client.ts';
import { createLogger } from './logger.ts';
import { createRateLimitStore } from './ratelimit/store.ts';
import { MessageWriter } from './messages/writer.ts';
import { Presence } from './realtime/presence.ts';
import { Realtime } from './realtime/realtime.ts';
import { Typing } from './realtime/typing.ts';
import { Membership } from './rooms/membership.ts';
import { RoomKeys } from './rooms/room-keys.ts';
import { loadOrCreateSecrets } from './secrets.ts';
import { DeviceSessionStore } from './sessions/store.ts';
import { Maintenance } from './system/maintenance.ts';
import { UserStore } from './users/store.ts';

export interface MessengerServer {
  services: Services;
  httpServer: http.Server;
  /** Listen on config.port/host (0 = any free port); resolves with the bound port. */
  listen(): Promise<number>;
  /** Graceful: stop accepting, disconnect sockets, finish in-flight requests, close the database. */
  close(): Promise<void>;
  url(): string;
}

/** Build the whole server (Hono app + socket.io on one node:http server) without listening.
 * The same code runs on Node and Bun; only the entry files differ. */
export async function createServer(overrides: Partial<Config> = {}): Promise<MessengerServer> {
  const config: Config = { ...loadConfig(), ...overrides };
  const logger = createLogger(config.logLevel);
  const secrets = loadOrCreateSecrets(config.dataDir);
  const db = await openDatabase(config.databaseUrl, config.databaseAuthToken);
  const tokens = new TokenService(secrets.jwtKey, secrets.hmacKey, config.accessTokenTtlSeconds);
  const users = new UserStore(db);
  await users.resetPresence();
  const sessions = new DeviceSessionStore(db, tokens, config);
  const sessionState = new SessionStateCache(db);
  const rateLimitStore = createRateLimitStore(config.rateLimit.storageUri);
  const maintenance = new Maintenance({ db, sessions, logger }, config.maintenanceIntervalMinutes);

  const tls = config.tlsCertFile
    ? { cert: fs.readFileSync(config.tlsCertFile), key: fs.readFileSync(config.tlsKeyFile) }
    : null;
  const httpServer: http.Server = tls ? https.createServer(tls) : http.createServer();
  const realtime = new Realtime(httpServer, { config, tokens, sessionState, users });

  const getServices = () => services;
  const services: Services = {
    config,
    db,
    logger,
    tokens,
    sessions,
    sessionState,
    users,
    rateLimitStore,
    maintenance,
    realtime,
    membership: new Membership(db),
    roomKeys: new RoomKeys(secrets.masterKey),
    writer: new MessageWriter(db),
    presence: new Presence(getServices),
    typing: new Typing(getServices),
    startedAt: new Date(),
  };
  realtime.attach(services);
  const app = createApp(services);
  httpServer.on('request', getRequestListener(app.fetch));
  // Keep-alive sockets must not hold graceful shutdown open for long.
  httpServer.keepAliveTimeout = 5_000;

  let port = config.port;
  const server: MessengerServer = {
    services,
    httpServer,
    async listen() {
      await new Promise<void>((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(config.port, config.host, () => resolve());
      });
      port = (httpServer.address() as AddressInfo).port;
      await maintenance.runOnce();
      maintenance.start();
      logger.info('listening', { url: server.url(), database: config.databaseUrl.replace(/\?.*$/, '') });
      return port;
    },
    url() {
      const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
      return `${tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`;
    },
    async close() {
      maintenance.stop();
      services.typing.clear();
      // Commit (and ACK) every message already accepted while its socket is still there.
      await services.writer.drain();
      services.presence.stop();
      await realtime.close();
      await services.writer.drain();
      await new Promise<void>((resolve) => {
        httpServer.close(() => resolve());
        httpServer.closeIdleConnections?.();
      });
      await rateLimitStore.close();
      db.close();
    },
  };
  return server;
}
