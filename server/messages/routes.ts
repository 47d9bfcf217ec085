import { Hono } from 'hono';
import { ApiError, failureAs } from '../http/api-error.ts';
import type { AppEnv } from '../http/env.ts';
import { type Ctx, pathId, route } from '../http/route.ts';
import type { Logger } from '../logger.ts';
import type { RoomAccess } from '../members/access.ts';
import type { MemberRepo } from '../members/repo.ts';
import type { KeyRepo } from '../keys/repo.ts';
import type { RoomKeys } from '../keys/room-keys.ts';
import { messagesPage } from './history.ts';
import { LatestPageCache } from './page-cache.ts';
import type { MessageMutations } from './mutations.ts';
import type { MessageRepo } from './repo.ts';

export interface MessageRouteDeps {
  messages: MessageRepo;
  members: MemberRepo;
  access: RoomAccess;
  keys: KeyRepo;
  roomKeys: RoomKeys;
  mutations: MessageMutations;
  logger: Logger;
}

/** History, edit, delete and reactions over REST. */
export function messageRoutes(deps: MessageRouteDeps): Hono<AppEnv> {
  const { mutations } = deps;
  const app = new Hono<AppEnv>();
  const pageCache = new LatestPageCache();

  const messageId = (c: Ctx): number => {
    const id = pathId(c.req.param('id'));
    if (id === null) throw new ApiError('MESSAGE_NOT_FOUND');
    return id;
  };

  const orFail = failureAs(deps.logger, 'message');

  route(app, 'GET /api/rooms/:id/messages', async (c, { auth, query }) => {
    const roomId = await deps.access.member(c, auth);
    const q = query();
    return orFail(c, 'MESSAGE_LOAD_FAILED', () =>
      messagesPage({ ...deps, pageCache }, roomId, { viewerId: auth.userId, beforeId: q.before_id, afterId: q.after_id, limit: q.limit, includeMeta: q.include_meta }),
    );
  });

  route(app, 'PUT /api/messages/:id', async (c, { auth, body }) => {
    const id = messageId(c);
    const edit = await body();
    const ev = await orFail(c, 'MESSAGE_EDIT_FAILED', () => mutations.edit(auth.userId, id, { content: edit.content, encrypted: edit.encrypted, keyVersion: edit.key_version ?? 1, mentions: edit.mentions }));
    return { success: true, room_id: ev.room_id, edited_at: ev.edited_at };
  });

  route(app, 'DELETE /api/messages/:id', async (c, { auth }) => {
    const id = messageId(c);
    const ev = await orFail(c, 'MESSAGE_DELETE_FAILED', () => mutations.delete(auth.userId, id));
    return { success: true, room_id: ev.room_id };
  });

  route(app, 'GET /api/messages/:id/reactions', async (c, { auth }) => {
    const id = messageId(c);
    const f = await deps.messages.facts(id, auth.userId);
    if (!f) throw new ApiError('MESSAGE_NOT_FOUND');
    if (!f.callerIsMember) throw new ApiError('ROOM_ACCESS_DENIED');
    return deps.messages.reactions(id);
  });

  route(app, 'POST /api/messages/:id/reactions', async (c, { auth, body }) => {
    const id = messageId(c);
    const { emoji } = await body();
    const { action, event } = await orFail(c, 'REACTION_FAILED', () => mutations.toggleReaction(auth.userId, id, emoji));
    return { success: true, action, reactions: event.reactions };
  });

  return app;
}
