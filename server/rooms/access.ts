import type { Context } from 'hono';
import type { ErrorCode } from '../../protocol/errors/index.ts';
import { requireAuth } from '../auth/middleware.ts';
import type { AppEnv, Services } from '../context.ts';
import { ApiError } from '../http/api-error.ts';
import { RoomStore } from './store.ts';

type Ctx = Context<AppEnv>;

/** A positive integer from a path segment, or null ('12abc', '0', '1e3' are not ids). */
export function pathId(raw: string | undefined): number | null {
  if (!raw || !/^\d{1,16}$/.test(raw)) return null;
  const n = Number(raw);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

/** Stateless over the shared client, so one per request costs nothing. */
export const roomStore = (s: Services) => new RoomStore(s.db);

interface RoomCall {
  s: Services;
  userId: number;
  roomId: number;
}

/** The caller and the room of `:id`. A malformed id is 404 ROOM_NOT_FOUND. A well-formed id of a
 * room the caller is not in is 403 (`denied`) whether or not the room exists, so non-members
 * cannot probe which rooms exist (the origin's membership check ran first too). Uses the
 * membership cache. */
export async function memberCall(c: Ctx, denied: ErrorCode = 'ROOM_ACCESS_DENIED'): Promise<RoomCall> {
  const call = roomCall(c);
  if (!(await call.s.membership.isMember(call.userId, call.roomId))) throw new ApiError(denied);
  return call;
}

/** As memberCall, plus the caller's role straight from the database: admin checks must never
 * be stale. */
export async function roleCall(c: Ctx, denied: ErrorCode = 'ROOM_ACCESS_DENIED'): Promise<RoomCall & { role: 'admin' | 'member' }> {
  const call = roomCall(c);
  const role = await call.s.membership.role(call.userId, call.roomId);
  if (role === null) throw new ApiError(denied);
  return { ...call, role };
}

function roomCall(c: Ctx): RoomCall {
  const s = c.var.services;
  const { userId } = requireAuth(c);
  const roomId = pathId(c.req.param('id'));
  if (roomId === null) throw new ApiError('ROOM_NOT_FOUND');
  return { s, userId, roomId };
}
