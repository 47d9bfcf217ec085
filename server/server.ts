import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { getRequestListener } from '@hono/node-server';
import { createAdapter as clusterAdapter } from '@socket.io/cluster-adapter';
import { AdminRepo } from './admin/repo.ts';
import { adminUserRoutes } from './admin/routes.ts';
import { createApp } from './app.ts';
import { type ClusterBus, memoryBus, redisBus } from './cluster/bus.ts';
import { ipcBus } from './cluster/ipc-bus.ts';
import { type RedisLink, connectRedis, loadRedis } from './cluster/redis.ts';
import { type WorkerIdentity, sessionRouting } from './cluster/session-routing.ts';
import { auditRoutes } from './audit/routes.ts';
import { AccessLogRepo } from './audit/repo.ts';
import { accessCheck } from './auth/access.ts';
import { authenticate } from './auth/middleware.ts';
import { hashShare, hashSlots } from './auth/hash-slots.ts';
import { SessionStateCache } from './auth/session-state.ts';
import { LiveSettings } from './settings/live-settings.ts';
import { socketAuthenticator } from './auth/socket-auth.ts';
import { TokenService } from './auth/tokens.ts';
import { type Config, loadConfig } from './config.ts';
import { type Db, openConfiguredDatabase } from './db/client.ts';
import { timedDb } from './db/timed.ts';
import { openWriteConnection } from './db/write-connection.ts';
import { type Logger, createLogger } from './logger.ts';
import { roomAccess } from './members/access.ts';
import { adminRoutes } from './members/admins-routes.ts';
import { downloadRoutes } from './files/download.ts';
import { cleanOrphans } from './files/orphans.ts';
import { profileImageRoutes } from './files/profile-image.ts';
import { FileRepo } from './files/repo.ts';
import { fileRoutes } from './files/routes.ts';
import { scanner } from './files/scan.ts';
import { UploadStorage } from './files/storage.ts';
import { UploadTokens } from './files/upload-tokens.ts';
import { Membership } from './members/membership.ts';
import { MemberRepo } from './members/repo.ts';
import { memberRoutes } from './members/routes.ts';
import { messageMutations } from './messages/mutations.ts';
import { MessageRepo } from './messages/repo.ts';
import { messageRoutes } from './messages/routes.ts';
import { messageSocket } from './messages/socket.ts';
import { MessageWriter } from './messages/writer.ts';
import { type Metrics, createMetrics } from './metrics/metrics.ts';
import { metricsRoutes } from './metrics/routes.ts';
import { PinRepo } from './pins/repo.ts';
import { pinRoutes } from './pins/routes.ts';
import { PollDeadlines } from './polls/deadlines.ts';
import { PollRepo } from './polls/repo.ts';
import { pollRoutes } from './polls/routes.ts';
import { rateLimiter } from './ratelimit/middleware.ts';
import { createRateLimitStore } from './ratelimit/store.ts';
import { type Broadcast, type IoServer, ioBroadcast } from './realtime/broadcast.ts';
import { relayRefusals } from './realtime/relays.ts';
import { type SocketFeature, closeSocketServer, createSocketServer } from './realtime/socket-server.ts';
import { noticePoster } from './rooms/notices.ts';
import { RoomRepo } from './rooms/repo.ts';
import { KeyRepo } from './keys/repo.ts';
import { RoomKeys } from './keys/room-keys.ts';
import { keyRoutes } from './keys/routes.ts';
import { roomRoutes } from './rooms/routes.ts';
import { roomSocket } from './rooms/socket.ts';
import { Typing } from './rooms/typing.ts';
import { UPLOAD_TOKEN_TTL_SECONDS } from '../protocol/rest/files.ts';
import { loadOrCreateSecrets } from './secrets.ts';
import { SearchIndexer } from './search/indexer.ts';
import { SearchQueue, SearchRepo } from './search/repo.ts';
import { searchRoutes } from './search/routes.ts';
import { DeviceSessionRepo } from './sessions/repo.ts';
import { sessionEnd } from './sessions/revoke.ts';
import { sessionRoutes } from './sessions/routes.ts';
import { Maintenance } from './system/maintenance.ts';
import { SystemRepo } from './system/repo.ts';
import { systemRoutes } from './system/routes.ts';
import { Presence } from './users/presence.ts';
import { UserRepo } from './users/repo.ts';
import { userRoutes } from './users/routes.ts';
import { type Asset, loadAssets } from './web/assets.ts';
import { webRoutes } from './web/routes.ts';

export interface MessengerServer {
  config: Config;
  logger: Logger;
  /** Parts that tests and operator tools reach directly (seed data, restart checks, key
   * re-wrapping). Features never get them whole: each gets the ports it needs. */
  db: Db;
  writer: MessageWriter;
  maintenance: Maintenance;
  metrics: Metrics;
  roomKeys: RoomKeys;
  membership: Membership;
  broadcast: Broadcast;
  io: IoServer;
  httpServer: http.Server;
  /** Listen on config.port/host (0 = any free port); resolves with the bound port. A cluster
   * worker (RuntimeParts.worker) shares the port with its siblings through the primary, which
   * prints the "listening" line. */
  listen(): Promise<number>;
  /** Graceful: stop accepting, disconnect sockets, finish in-flight requests, close the database. */
  close(): Promise<void>;
  url(): string;
}

/** Build the whole server (Hono app + socket.io on one node:http server) without listening. This
 * is the one place that knows every part: each feature is built from the ports it needs (its
 * repo, membership, the broadcast port, a logger ...), never from a bag of everything. The same
 * code runs on Node and Bun; only the entry files differ. */
/** Timings that are not settings, shortened by tests. */
export interface Tuning {
  /** A typing start not refreshed within this is stopped by the server (default 6 s). */
  typingExpiryMs?: number;
  /** How long an upload token stays valid (default UPLOAD_TOKEN_TTL_SECONDS, 300 s). */
  uploadTokenTtlMs?: number;
}

/** What a runtime entry supplies in place of the defaults: the single binary's embedded web client,
 * prepared at build time (otherwise read from CLIENT_DIR and gzipped at start). */
export interface RuntimeParts {
  /** Why this runtime has no image processing (the single binary is built without sharp): said at
   * start. Elsewhere sharp (libvips, ~15 MiB resident) loads at the first image, not at start. */
  imagesOmitted?: string;
  clientAssets?: Map<string, Asset>;
  /** Set in a worker of the Node cluster primary (WORKERS > 1, server/entry/cluster.ts): fan-out,
   * the bus and rate limits go through the primary over IPC (unless REDIS_URL), and only the
   * first worker of a start resets presence; Engine.IO sessions carry its index
   * (cluster/session-routing.ts). */
  worker?: WorkerIdentity & { first: boolean };
}

export async function createServer(overrides: Partial<Config> = {}, tuning: Tuning = {}, parts: RuntimeParts = {}): Promise<MessengerServer> {
  const config: Config = { ...loadConfig(), ...overrides };
  // A cluster worker's lines say which worker wrote them.
  const logger = createLogger(config.logLevel, undefined, parts.worker ? { worker: process.pid } : undefined);
  const metrics = createMetrics();
  // DATA_DIR/settings.json (cutover, release-channel) over the environment, now and while running.
  const settings = new LiveSettings(config, logger);
  settings.reload();
  const secrets = loadOrCreateSecrets(config.dataDir);
  const db = timedDb(await openConfiguredDatabase(config), metrics.dbObserved);
  // Names this server in the maintenance lease (unique even for two servers in one process).
  const instanceId = `${os.hostname()}/${process.pid}/${randomBytes(3).toString('hex')}`;
  let draining = false;

  // Stores (all SQL lives in these, the writer and the migrations).
  const users = new UserRepo(db);
  // Only with a redis:// URL: ioredis and the Redis adapter otherwise stay unloaded (~6 MiB).
  const { Redis, createAdapter } = await loadRedis(config.redisUrl, config.rateLimit.storageUri);
  // The cluster seam: Redis when REDIS_URL is set (fan-out, cache invalidation, revocation, rate
  // limits cross instances), else everything stays in this process.
  const redis: RedisLink | null = config.redisUrl ? connectRedis(config.redisUrl, logger) : null;
  const worker = parts.worker;
  // The machine's cores are shared by the workers: each hashes passwords on its share only.
  if (worker) hashSlots.resize(hashShare(config.workers));
  const bus: ClusterBus = redis ? redisBus(redis, instanceId, logger) : worker ? ipcBus(logger) : memoryBus();
  // A lone instance knows nobody is connected at start; in a cluster the others' users are (a
  // worker restarted by the primary is not the first: its siblings are serving).
  if (!redis && (!worker || worker.first)) await users.resetPresence();
  const tokens = new TokenService(secrets.jwtKey, secrets.hmacKey, config.accessTokenTtlSeconds);
  const sessions = new DeviceSessionRepo(db, tokens, config);
  const accessLog = new AccessLogRepo(db);
  const rooms = new RoomRepo(db);
  const members = new MemberRepo(db);
  const messages = new MessageRepo(db);
  const writeConnection = openWriteConnection(config.databaseUrl, db, metrics.dbObserved, Boolean(config.databaseSyncUrl));
  const indexer = new SearchIndexer(new SearchQueue(writeConnection), (err) => logger.error('search indexing failed', { error: (err as Error).stack ?? String(err) }));
  const writer = new MessageWriter(writeConnection, (count) => {
    metrics.messagesStored(count);
    indexer.soon();
  });
  // Whatever a stopped or crashed process left queued.
  indexer.soon();
  const polls = new PollRepo(db);
  const files = new FileRepo(db);
  const storage = new UploadStorage(config.uploadDir);
  const uploadTokens = new UploadTokens(files, storage, tuning.uploadTokenTtlMs ?? UPLOAD_TOKEN_TTL_SECONDS * 1000);
  const scan = scanner(config.uploadScanCommand, logger);
  const keys = new KeyRepo(db);
  const roomKeys = new RoomKeys(secrets.masterKey);

  // Transport: HTTP and socket.io on one server; features reach sockets only through `broadcast`.
  const tls = config.tlsCertFile ? { cert: fs.readFileSync(config.tlsCertFile), key: fs.readFileSync(config.tlsKeyFile) } : null;
  const httpServer: http.Server = tls ? https.createServer(tls) : http.createServer();
  const sessionState = new SessionStateCache((id) => sessions.liveState(id));
  const checkAccess = accessCheck({ tokens, sessionState });
  const rateLimitStore = createRateLimitStore(
    config.rateLimit.storageUri,
    redis ? { url: config.redisUrl, client: redis.pub } : undefined,
    (url) => new Redis(url, { maxRetriesPerRequest: null }),
    worker !== undefined,
  );
  const limit = rateLimiter({ rules: config.rateLimit, store: rateLimitStore, onLimited: metrics.rateLimited });

  // Realtime features need the broadcast port, and the port needs the socket server: the
  // features are handed to the server as a list it reads at each connection.
  const socketFeatures: SocketFeature[] = [];
  const io = createSocketServer(httpServer, {
    corsOrigins: config.corsOrigins,
    authenticate: socketAuthenticator({
      checkAccess,
      nicknameOf: async (id) => (await users.byId(id))?.nickname ?? null,
      desktopOnlyMode: () => config.desktopOnlyMode,
    }),
    features: socketFeatures,
    logger,
    onAck: metrics.ackObserved,
    adapter: redis
      ? createAdapter(redis.pub, redis.sub, { key: 'messenger', requestsTimeout: 1000 })
      : worker
        ? clusterAdapter()
        : undefined,
  });
  const broadcast = ioBroadcast(io);
  const routing = worker ? sessionRouting(io, worker) : null;
  metrics.countSocketsWith(() => broadcast.connectedCount());

  // Shared ports.
  const membership = new Membership(members, broadcast, bus);
  const access = roomAccess({ membership, members });
  const end = sessionEnd({ sessionState, broadcast, bus });
  const notice = noticePoster({ writer, broadcast, logger });
  const mutations = messageMutations({ messages, broadcast, removeFiles: (stored) => storage.remove(stored) });
  const typing = new Typing(broadcast, 1000, tuning.typingExpiryMs);
  const presence = new Presence({ users, membership, broadcast, logger });
  const system = new SystemRepo(db);
  const maintenance = new Maintenance({ logger, lease: system, instanceId }, config.maintenanceIntervalMinutes);
  const pollDeadlines = new PollDeadlines(
    polls,
    async ({ id, roomId }) => {
      const poll = await polls.view(id);
      if (poll) broadcast.emit({ rooms: [roomId] }, 'poll_updated', { room_id: roomId, poll, action: 'poll_closed' });
    },
    logger,
  );
  // The origin's order (§7): a room emptied now loses its files' rows before the orphan pass.
  maintenance.register('closed_polls', () => pollDeadlines.closeDue());
  maintenance.register('cleaned_access_logs', () => accessLog.cleanup(90));
  maintenance.register('cleaned_empty_rooms', () => rooms.deleteEmpty());
  maintenance.register('cleaned_device_sessions', () => sessions.cleanupStale());
  maintenance.register('cleaned_upload_tokens', () => files.purgeTokens());
  maintenance.register('cleaned_orphan_uploads', () => cleanOrphans(storage, files, 'uploads'));
  maintenance.register('cleaned_orphan_profiles', () => cleanOrphans(storage, files, 'profiles'));

  // Rooms join their channels before presence says "online"; relays are refused last.
  socketFeatures.push(roomSocket({ membership, typing }), messageSocket({ messages, members, membership, writer, mutations, broadcast, uploads: uploadTokens }), presence.socket, relayRefusals);

  const app = createApp({
    useHttps: config.useHttps,
    enforceHttps: config.enforceHttps,
    trustProxy: config.trustProxy,
    maxContentLength: config.maxContentLength,
    streamedBodies: new Set(['POST /api/upload', 'POST /api/profile/image']),
    logger,
    authenticate: authenticate({ checkAccess, tokens, desktopOnlyMode: () => config.desktopOnlyMode }),
    routes: [
      sessionRoutes({ sessions, users, tokens, end, accessLog, limit, logger, config }),
      userRoutes({ users, sessions, end, accessLog, membership, broadcast, limit, config }),
      auditRoutes({ accessLog, sessions }),
      adminUserRoutes({ admin: new AdminRepo(db), users, sessions, end, accessLog }),
      systemRoutes({ config, system, rateLimitStore, maintenance, connectedSockets: () => broadcast.connectedCount(), cluster: bus, draining: () => draining, limit }),
      messageRoutes({ messages, members, access, keys, roomKeys, mutations, logger }),
      keyRoutes({ keys, roomKeys, access }),
      roomRoutes({ rooms, members, users, membership, access, roomKeys, broadcast, notice }),
      memberRoutes({ members, rooms, users, membership, access, broadcast, notice, roomKeys }),
      adminRoutes({ members, access, broadcast }),
      searchRoutes({ search: new SearchRepo(db, indexer), limit, logger }),
      pinRoutes({ pins: new PinRepo(db), access, broadcast, logger }),
      pollRoutes({ polls, access, membership, broadcast, deadlines: pollDeadlines, logger }),
      fileRoutes({ files, tokens: uploadTokens, storage, scan, membership, access, broadcast, logger, maxUploadBytes: config.maxContentLength }),
      profileImageRoutes({ users, storage, scan, membership, broadcast }),
      downloadRoutes({ files, storage, membership }),
      metricsRoutes({ metrics, token: config.metricsToken }),
      // Last: the web client's files, after every API route.
      webRoutes(parts.clientAssets ?? loadAssets(config.clientDir), config),
    ],
  });
  // socket.io's engine answers its own path (it wraps the listeners present when it attached; this
  // one comes later): Hono must not answer it too, or a long-polling POST gets two responses and
  // the second write throws out of the process.
  const honoListener = getRequestListener(app.fetch);
  httpServer.on('request', (req, res) => {
    if (!req.url?.startsWith('/socket.io/')) void honoListener(req, res);
  });
  // Keep-alive sockets must not hold graceful shutdown open for long.
  httpServer.keepAliveTimeout = 5_000;

  let port = config.port;
  const server: MessengerServer = {
    config,
    logger,
    db,
    writer,
    maintenance,
    metrics,
    roomKeys,
    membership,
    broadcast,
    io,
    httpServer,
    async listen() {
      // A worker waits for the primary: at a start, every worker is built (presence reset) first.
      await routing?.join();
      await new Promise<void>((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(config.port, config.host, () => resolve());
      });
      port = (httpServer.address() as AddressInfo).port;
      await maintenance.runOnce();
      maintenance.start();
      settings.start();
      // Deadlines are exact: a timer for the earliest open one, re-armed from the database.
      await pollDeadlines.start();
      if (parts.imagesOmitted) logger.warn('image processing unavailable: uploads get no thumbnails, profile images are refused', { reason: parts.imagesOmitted });
      if (config.useHttps && !tls && !config.trustProxy) {
        // Browsers drop Secure cookies sent over plain HTTP: browser logins would not stick.
        logger.warn('USE_HTTPS is on but this server speaks plain HTTP and TRUST_PROXY is off: set TLS_CERT_FILE/TLS_KEY_FILE (gen-cert for a trial) or put a TLS proxy in front');
      }
      if (routing) logger.info('worker ready', { pid: process.pid, index: worker!.index, routing_port: routing.port() });
      else logger.info('listening', { url: server.url(), database: config.databaseUrl.replace(/\?.*$/, '') });
      return port;
    },
    url() {
      const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
      return `${tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`;
    },
    async close() {
      draining = true;
      await maintenance.stop();
      settings.stop();
      pollDeadlines.stop();
      typing.clear();
      // Commit (and ACK) every message already accepted while its socket is still there.
      await writer.drain();
      presence.stop();
      // Connections piped to a sibling would hold the HTTP server's close open.
      routing?.close();
      await closeSocketServer(io);
      await writer.drain();
      await new Promise<void>((resolve) => {
        httpServer.close(() => resolve());
        httpServer.closeIdleConnections?.();
      });
      await rateLimitStore.close();
      await redis?.close();
      await indexer.stop();
      writeConnection.close();
      db.close();
    },
  };
  return server;
}
