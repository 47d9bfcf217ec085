import type { HttpBindings } from '@hono/node-server';
import type { Config } from './config.ts';
import type { Db } from './db/client.ts';
import type { SessionStateCache } from './auth/session-state.ts';
import type { TokenService } from './auth/tokens.ts';
import type { Logger } from './logger.ts';
import type { RateLimitStore } from './ratelimit/store.ts';
import type { DeviceSessionStore } from './sessions/store.ts';
import type { Maintenance } from './system/maintenance.ts';
import type { UserStore } from './users/store.ts';
import type { MessageWriter } from './messages/writer.ts';
import type { Presence } from './realtime/presence.ts';
import type { Realtime } from './realtime/realtime.ts';
import type { Typing } from './realtime/typing.ts';
import type { Membership } from './rooms/membership.ts';
import type { RoomKeys } from './rooms/room-keys.ts';

/** What routes and socket handlers share. Built once by createServer. */
export interface Services {
  config: Config;
  db: Db;
  logger: Logger;
  tokens: TokenService;
  sessions: DeviceSessionStore;
  sessionState: SessionStateCache;
  users: UserStore;
  rateLimitStore: RateLimitStore;
  maintenance: Maintenance;
  realtime: Realtime;
  membership: Membership;
  roomKeys: RoomKeys;
  writer: MessageWriter;
  presence: Presence;
  typing: Typing;
  startedAt: Date;
}

/** Who is calling: set by the authenticate middleware from a Bearer access token or the cookie. */
export interface Auth {
  userId: number;
  sessionId: number;
  via: 'bearer' | 'cookie';
}

export interface AppEnv {
  Bindings: HttpBindings;
  Variables: {
    services: Services;
    auth: Auth | null;
    /** Whether any access credential came with the request (tells "expired" from "never logged in"). */
    credentialsPresented: boolean;
  };
}
