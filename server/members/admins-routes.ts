import { Hono } from 'hono';
import { ApiError } from '../http/api-error.ts';
import type { AppEnv } from '../http/env.ts';
import { route } from '../http/route.ts';
import type { Broadcast } from '../realtime/broadcast.ts';
import type { RoomAccess } from './access.ts';
import type { MemberRepo } from './repo.ts';

/** Room admins. An admin is a member with role 'admin' or the owner (`created_by`, always an
 * admin; see repo.ts). Non-members get the origin's wording for these routes, ACCESS_DENIED. */
export function adminRoutes(deps: { members: MemberRepo; access: RoomAccess; broadcast: Broadcast }): Hono<AppEnv> {
  const { members, access, broadcast } = deps;
  const app = new Hono<AppEnv>();

  route(app, 'GET /api/rooms/:id/admins', async (c, { auth }) => members.admins(await access.member(c, auth, 'ACCESS_DENIED')));

  route(app, 'GET /api/rooms/:id/admin-check', async (c, { auth }) => {
    const { role } = await access.role(c, auth, 'ACCESS_DENIED');
    return { is_admin: role === 'admin' };
  });

  route(app, 'POST /api/rooms/:id/admins', async (c, { auth, body }) => {
    const { roomId, role } = await access.role(c, auth, 'ACCESS_DENIED');
    if (role !== 'admin') throw new ApiError('ROOM_ADMIN_REQUIRED');
    const { user_id, is_admin } = await body();
    const result = await members.setAdmin(roomId, user_id, is_admin);
    if (result === 'not_member') throw new ApiError('ROOM_TARGET_NOT_MEMBER');
    if (result === 'last_admin') throw new ApiError('ROOM_LAST_ADMIN');
    const change = { room_id: roomId, user_id, is_admin, by_user_id: auth.userId };
    broadcast.emit({ rooms: [roomId] }, 'admin_updated', change);
    broadcast.emit({ rooms: [roomId] }, 'room_members_updated', { ...change, action: 'admin_updated' });
    return { success: true };
  });

  return app;
}
