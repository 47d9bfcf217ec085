import { Hono } from 'hono';
import { ApiError } from '../http/api-error.ts';
import type { AppEnv } from '../http/env.ts';
import { route } from '../http/route.ts';
import type { RoomAccess } from '../members/access.ts';
import type { KeyRepo } from './repo.ts';
import type { RoomKeys } from './room-keys.ts';

export interface KeyRouteDeps {
  keys: KeyRepo;
  roomKeys: RoomKeys;
  access: RoomAccess;
}

/** The room keys a member may hold: all their rooms at once (previews and notifications are
 * decrypted on the device), or one room (after room_key_rotated). Membership is read from the
 * table in the same query as the keys, never from a cache: a removed member gets nothing. */
export function keyRoutes(deps: KeyRouteDeps): Hono<AppEnv> {
  const { keys, roomKeys } = deps;
  const app = new Hono<AppEnv>();

  route(app, 'GET /api/rooms/keys', async (_c, { auth }) => ({
    keys: (await keys.rings(auth.userId)).map((ring) => ({ room_id: ring.roomId, ...roomKeys.ring(ring) })),
  }));

  route(app, 'GET /api/rooms/:id/keys', async (c, { auth }) => {
    const roomId = await deps.access.member(c, auth);
    const [ring] = await keys.rings(auth.userId, roomId);
    if (!ring) throw new ApiError('ROOM_ACCESS_DENIED');
    return { room_id: roomId, ...roomKeys.ring(ring) };
  });

  return app;
}
