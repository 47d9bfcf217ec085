import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from '../../protocol/events.ts';
import { resolveLocale } from '../../protocol/locale.ts';
import { ACCESS_COOKIE } from '../auth/cookies.ts';
import type { SessionStateCache } from '../auth/session-state.ts';
import type { TokenService } from '../auth/tokens.ts';
import type { Config } from '../config.ts';
import type { Services } from '../context.ts';
import { registerEditHandlers } from '../messages/edit-socket.ts';
import { registerMessageHandlers } from '../messages/socket.ts';
import { registerRoomHandlers } from '../rooms/socket.ts';
import type { UserStore } from '../users/store.ts';
import type { IoSocket } from './handler.ts';
import { registerRelayRefusals } from './relays.ts';

export type IoServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export const userRoom = (userId: number) => `user_${userId}`;
export const roomRoom = (roomId: number) => `room_${roomId}`;
/** Every socket of a device session sits in this room, so revocation can reach it on any instance. */
export const sessionRoom = (sessionId: number) => `session_${sessionId}`;

function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return null;
}

/** socket.io attached to the HTTP server. Connect requires a valid access token (handshake
 * `auth.token`, or the `session` cookie for browsers) of a live device session. */
export class Realtime {
  readonly io: IoServer;

  constructor(
    httpServer: HttpServer,
    private readonly deps: { config: Config; tokens: TokenService; sessionState: SessionStateCache; users: UserStore },
  ) {
    this.io = new Server(httpServer, {
      pingTimeout: 60_000,
      pingInterval: 25_000,
      maxHttpBufferSize: 10 * 1024 * 1024,
      // Same-origin by default (the origin's default); SOCKETIO_CORS_ALLOWED_ORIGINS opens it.
      cors: deps.config.corsOrigins.length ? { origin: deps.config.corsOrigins, credentials: true } : undefined,
    });
    this.io.use(async (socket, next) => {
      const handshake = socket.handshake;
      const authToken = (handshake.auth as { token?: unknown } | undefined)?.token;
      const fromAuth = typeof authToken === 'string' && authToken ? authToken : null;
      if (!fromAuth && deps.config.desktopOnlyMode && cookieValue(handshake.headers.cookie, ACCESS_COOKIE)) {
        return next(new Error('AUTH_BROWSER_LOGIN_DISABLED'));
      }
      const token = fromAuth ?? cookieValue(handshake.headers.cookie, ACCESS_COOKIE);
      const claims = token ? await deps.tokens.verifyAccess(token) : null;
      if (!claims || !(await deps.sessionState.isLive(claims.sessionId, claims.userId))) {
        return next(new Error(token ? 'AUTH_SESSION_EXPIRED' : 'AUTH_LOGIN_REQUIRED'));
      }
      const user = await deps.users.byId(claims.userId);
      if (!user) return next(new Error('AUTH_SESSION_EXPIRED'));
      const query = handshake.query as Record<string, unknown>;
      socket.data = {
        userId: user.id,
        sessionId: claims.sessionId,
        nickname: user.nickname,
        locale: resolveLocale({
          lang: typeof query.lang === 'string' ? query.lang : null,
          appLanguage: handshake.headers['x-app-language'] as string | undefined,
          acceptLanguage: handshake.headers['accept-language'],
        }),
      };
      await socket.join([userRoom(user.id), sessionRoom(claims.sessionId)]);
      next();
    });
  }

  /** Wire the connection handler once every service exists: join `room_{id}` for each
   * membership, presence, and every client event. */
  attach(services: Services): void {
    this.io.on('connection', async (socket: IoSocket) => {
      const { userId } = socket.data;
      // Register handlers first: events sent right after connect must find them.
      registerRoomHandlers(socket, services);
      registerMessageHandlers(socket, services);
      registerEditHandlers(socket, services);
      registerRelayRefusals(socket);
      socket.on('disconnect', () => {
        services.typing.socketGone(socket);
        void services.presence.disconnected(userId, socket.id).catch((err) => services.logger.error('presence', { error: String(err) }));
      });
      try {
        await socket.join([...(await services.membership.roomIds(userId))].map(roomRoom));
        await services.presence.connected(userId, socket.id);
      } catch (err) {
        services.logger.error('socket setup failed', { error: String(err) });
        socket.disconnect(true);
      }
    });
  }

  /** After an invite: the new member's sockets join the room at once. */
  joinUserToRoom(userId: number, roomId: number): void {
    this.io.in(userRoom(userId)).socketsJoin(roomRoom(roomId));
  }

  /** After a leave or kick: the user's sockets leave the room at once, so they hear nothing more. */
  removeUserFromRoom(userId: number, roomId: number): void {
    this.io.in(userRoom(userId)).socketsLeave(roomRoom(roomId));
  }

  /** Revoked sessions lose their sockets at once (across instances once an adapter is set). */
  disconnectSessions(sessionIds: Iterable<number>): void {
    for (const id of sessionIds) this.io.in(sessionRoom(id)).disconnectSockets(true);
  }

  disconnectUser(userId: number): void {
    this.io.in(userRoom(userId)).disconnectSockets(true);
  }

  /** `user_profile_updated` to the user's own sockets and every room they are in. */
  async emitProfileUpdated(user: { id: number; nickname: string; profileImage: string | null }): Promise<void> {
    const rooms = (await this.deps.users.roomIdsOf(user.id)).map(roomRoom);
    this.io
      .to([userRoom(user.id), ...rooms])
      .emit('user_profile_updated', { user_id: user.id, nickname: user.nickname, profile_image: user.profileImage });
  }

  connectedCount(): number {
    return this.io.engine?.clientsCount ?? 0;
  }

  async close(): Promise<void> {
    this.io.disconnectSockets(true);
    await new Promise<void>((resolve) => this.io.close(() => resolve()));
  }
}
