import type { Context } from 'hono';
import { Hono } from 'hono';
import type { z } from 'zod';
import type { ErrorCode } from '../../protocol/errors/index.ts';
import {
  type MessagesResponse,
  type messageDeleteResponseSchema,
  type messageEditResponseSchema,
  type ReactionToggleResponse,
  messageEditRequestSchema,
  messagesQuerySchema,
  reactionToggleRequestSchema,
} from '../../protocol/rest/messages.ts';
import { requireAuth } from '../auth/middleware.ts';
import type { AppEnv } from '../context.ts';
import { ApiError } from '../http/api-error.ts';
import { parseBody, parseInput } from '../http/body.ts';
import { deleteMessage, editMessage, toggleReaction } from './mutations.ts';
import { messageFacts, messagesPage } from './queries.ts';
import { reactionsOf } from './views.ts';

type Ctx = Context<AppEnv>;
type MessageEditResponse = z.infer<typeof messageEditResponseSchema>;
type MessageDeleteResponse = z.infer<typeof messageDeleteResponseSchema>;

/** A path id: a positive decimal integer, else null (answered as not found, never a 500). */
function pathId(c: Ctx): number | null {
  const raw = c.req.param('id') ?? '';
  if (!/^\d{1,15}$/.test(raw)) return null;
  const n = Number(raw);
  return n > 0 ? n : null;
}

function messageId(c: Ctx): number {
  const id = pathId(c);
  if (id === null) throw new ApiError('MESSAGE_NOT_FOUND');
  return id;
}

/** Unexpected failures answer with the feature's own 500 code (as the origin did), logged. */
async function orFail<T>(c: Ctx, failure: ErrorCode, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ApiError) throw err;
    c.var.services.logger.error('message route failed', { path: c.req.path, error: (err as Error).stack ?? String(err) });
    throw new ApiError(failure);
  }
}

export function messageRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/api/rooms/:id/messages', async (c) => {
    const s = c.var.services;
    const { userId } = requireAuth(c);
    // As the other room routes: a malformed id is 404; any well-formed id you are not in is 403,
    // whether or not the room exists.
    const roomId = pathId(c);
    if (roomId === null) throw new ApiError('ROOM_NOT_FOUND');
    if (!(await s.membership.isMember(userId, roomId))) throw new ApiError('ROOM_ACCESS_DENIED');
    const q = parseInput(messagesQuerySchema, c.req.query());
    const page: MessagesResponse = await orFail(c, 'MESSAGE_LOAD_FAILED', () =>
      messagesPage(s, roomId, { beforeId: q.before_id, afterId: q.after_id, limit: q.limit, includeMeta: q.include_meta }),
    );
    return c.json(page);
  });

  app.put('/api/messages/:id', async (c) => {
    const { userId } = requireAuth(c);
    const id = messageId(c);
    const body = await parseBody(c, messageEditRequestSchema);
    const ev = await orFail(c, 'MESSAGE_EDIT_FAILED', () => editMessage(c.var.services, userId, id, body));
    const res: MessageEditResponse = { success: true, room_id: ev.room_id, edited_at: ev.edited_at };
    return c.json(res);
  });

  app.delete('/api/messages/:id', async (c) => {
    const { userId } = requireAuth(c);
    const id = messageId(c);
    const ev = await orFail(c, 'MESSAGE_DELETE_FAILED', () => deleteMessage(c.var.services, userId, id));
    const res: MessageDeleteResponse = { success: true, room_id: ev.room_id };
    return c.json(res);
  });

  app.get('/api/messages/:id/reactions', async (c) => {
    const s = c.var.services;
    const { userId } = requireAuth(c);
    const id = messageId(c);
    const f = await messageFacts(s.db, id, userId);
    if (!f) throw new ApiError('MESSAGE_NOT_FOUND');
    if (!f.callerIsMember) throw new ApiError('ROOM_ACCESS_DENIED');
    return c.json((await reactionsOf(s.db, [id])).get(id) ?? []);
  });

  app.post('/api/messages/:id/reactions', async (c) => {
    const { userId } = requireAuth(c);
    const id = messageId(c);
    const { emoji } = await parseBody(c, reactionToggleRequestSchema);
    const { action, event } = await orFail(c, 'REACTION_FAILED', () => toggleReaction(c.var.services, userId, id, emoji));
    const res: ReactionToggleResponse = { success: true, action, reactions: event.reactions };
    return c.json(res);
  });

  return app;
}
