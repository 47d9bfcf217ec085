import type { Server as HttpServer } from 'node:http';
import { Server, type ServerOptions } from 'socket.io';
import type { SocketData } from '../../protocol/events.ts';
import type { ErrorCode } from '../../protocol/errors/index.ts';
import type { Logger } from '../logger.ts';
import type { IoServer } from './broadcast.ts';
import { sessionChannel, userChannel } from './channels.ts';
import { coalesceFrames } from './coalesce-frames.ts';
import { type AckObserver, type Connection, type IoSocket, connection } from './handler.ts';

export type Handshake = IoSocket['handshake'];

/** A feature's part of every connection. `channels` names the channels the socket is in before
 * the client hears that it is connected (a client may send or be sent to at once: a member must
 * not miss a message sent right after its connect). `register` adds its handlers (all features
 * register before anything is awaited, so events sent right after connect find them); then each
 * `ready` runs, in the order the features were given. */
export interface SocketFeature {
  channels?(who: SocketData): Promise<string[]>;
  register?(c: Connection): void;
  ready?(c: Connection): Promise<void>;
}

export interface SocketServerOptions {
  /** Allowed cross-origin browser origins; same-origin only when empty (the origin's default). */
  corsOrigins: readonly string[];
  /** Who is connecting, or the error code the client receives as `connect_error`. */
  authenticate(handshake: Handshake): Promise<SocketData | ErrorCode>;
  features: readonly SocketFeature[];
  logger: Logger;
  /** Told how long each event took from arrival to its ACK (metrics). */
  onAck?: AckObserver;
  /** socket.io's adapter: in memory by default; Redis carries emits, channel moves and
   * disconnects to the sockets of every instance (server/cluster/). */
  adapter?: ServerOptions['adapter'];
}

/** The realtime transport: socket.io on the HTTP server, authenticated connects (each socket joins
 * its user's and its session's channel), and the features' handlers per connection. It knows no
 * feature: the wiring in server.ts hands them in. */
export function createSocketServer(httpServer: HttpServer, opts: SocketServerOptions): IoServer {
  const io: IoServer = new Server(httpServer, {
    pingTimeout: 60_000,
    pingInterval: 25_000,
    maxHttpBufferSize: 10 * 1024 * 1024,
    // The clients bundle socket.io-client; nothing loads /socket.io/socket.io.js (and the bundled
    // server has no client-dist folder beside it to serve it from).
    serveClient: false,
    cors: opts.corsOrigins.length ? { origin: [...opts.corsOrigins], credentials: true } : undefined,
    ...(opts.adapter ? { adapter: opts.adapter } : {}),
  });
  coalesceFrames(io);
  io.use(async (socket, next) => {
    const who = await opts.authenticate(socket.handshake);
    if (typeof who === 'string') return next(new Error(who));
    socket.data = who;
    // The user's channel first: a membership change from now on moves this socket through it, and
    // one committed before is in what the features read next.
    await socket.join([userChannel(who.userId), sessionChannel(who.sessionId)]);
    try {
      const channels = await Promise.all(opts.features.map((f) => f.channels?.(who) ?? []));
      await socket.join(channels.flat());
    } catch (err) {
      opts.logger.error('socket setup failed', { error: String(err) });
      // Refused, it never connects: nothing of it may stay in the adapter's channels.
      await Promise.all([...socket.rooms].map((channel) => socket.leave(channel)));
      return next(new Error('INTERNAL_ERROR' satisfies ErrorCode));
    }
    next();
  });
  io.on('connection', async (socket) => {
    const c = connection(socket, opts.logger, opts.onAck);
    try {
      for (const f of opts.features) f.register?.(c);
      for (const f of opts.features) await f.ready?.(c);
    } catch (err) {
      opts.logger.error('socket setup failed', { error: String(err) });
      socket.disconnect(true);
    }
  });
  return io;
}

/** Graceful stop: every socket is told, then the server closes. */
export async function closeSocketServer(io: IoServer): Promise<void> {
  io.disconnectSockets(true);
  await new Promise<void>((resolve) => io.close(() => resolve()));
}
