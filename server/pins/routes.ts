import { Hono } from 'hono';
import type { ErrorCode } from '../../protocol/errors/index.ts';
import { ApiError, failureAs } from '../http/api-error.ts';
import type { AppEnv } from '../http/env.ts';
import { pathId, route } from '../http/route.ts';
import type { Logger } from '../logger.ts';
import type { RoomAccess } from '../members/access.ts';
import type { Broadcast } from '../realtime/broadcast.ts';
import type { PinDeleteResult, PinRepo } from './repo.ts';

export interface PinRouteDeps {
  pins: PinRepo;
  access: RoomAccess;
  broadcast: Broadcast;
  logger: Logger;
}

const deleteErrors: Record<Exclude<PinDeleteResult, 'ok'>, ErrorCode> = {
  not_found: 'PIN_NOT_FOUND',
  other_room: 'PIN_ROOM_MISMATCH',
  not_member: 'ROOM_ACCESS_DENIED',
};

/** Room notices over REST. Any member may pin and unpin (origin); each change goes to the room as
 * `pin_updated {room_id, pin_id, action, by_user_id}`, and clients reload the list. */
export function pinRoutes(deps: PinRouteDeps): Hono<AppEnv> {
  const { pins, access, broadcast } = deps;
  const app = new Hono<AppEnv>();
  const orFail = failureAs(deps.logger, 'pin');

  route(app, 'GET /api/rooms/:id/pins', async (c, { auth }) => pins.list(await access.member(c, auth)));

  route(app, 'POST /api/rooms/:id/pins', async (c, { auth, body }) => {
    const roomId = await access.member(c, auth);
    const request = await body();
    const result = await orFail(c, 'PIN_CREATE_FAILED', () => pins.create(roomId, auth.userId, request));
    if (result === 'not_member') throw new ApiError('ROOM_ACCESS_DENIED');
    if (result === 'message_not_in_room') throw new ApiError('PIN_MESSAGE_NOT_IN_ROOM');
    broadcast.emit({ rooms: [roomId] }, 'pin_updated', { room_id: roomId, pin_id: result.id, action: 'pin_created', by_user_id: auth.userId });
    return { success: true, pin_id: result.id };
  });

  route(app, 'DELETE /api/rooms/:id/pins/:pin_id', async (c, { auth }) => {
    const roomId = await access.member(c, auth);
    const pinId = pathId(c.req.param('pin_id'));
    if (pinId === null) throw new ApiError('PIN_NOT_FOUND');
    const result = await orFail(c, 'PIN_DELETE_FAILED', () => pins.delete(roomId, pinId, auth.userId));
    if (result !== 'ok') throw new ApiError(deleteErrors[result]);
    broadcast.emit({ rooms: [roomId] }, 'pin_updated', { room_id: roomId, pin_id: pinId, action: 'pin_deleted', by_user_id: auth.userId });
    return { success: true };
  });

  return app;
}
