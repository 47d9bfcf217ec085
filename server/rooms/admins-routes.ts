import { Hono } from 'hono';
import { roomAdminUpdateRequestSchema } from '../../protocol/rest/admins.ts';
import type { AppEnv } from '../context.ts';
import { ApiError } from '../http/api-error.ts';
import { parseBody } from '../http/body.ts';
import { roomRoom } from '../realtime/realtime.ts';
import { memberCall, roleCall, roomStore } from './access.ts';
import { emitMembersUpdated } from './events.ts';

/** Room admins. An admin is a member with role 'admin' or the owner (`created_by`, always an
 * admin; see store.ts). Non-members get the origin's wording for these routes, ACCESS_DENIED. */
export function adminRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/api/rooms/:id/admins', async (c) => {
    const { s, roomId } = await memberCall(c, 'ACCESS_DENIED');
    return c.json(await roomStore(s).admins(roomId));
  });

  app.get('/api/rooms/:id/admin-check', async (c) => {
    const { role } = await roleCall(c, 'ACCESS_DENIED');
    return c.json({ is_admin: role === 'admin' });
  });

  app.post('/api/rooms/:id/admins', async (c) => {
    const { s, userId, roomId, role } = await roleCall(c, 'ACCESS_DENIED');
    if (role !== 'admin') throw new ApiError('ROOM_ADMIN_REQUIRED');
    const body = await parseBody(c, roomAdminUpdateRequestSchema);
    const result = await roomStore(s).setAdmin(roomId, body.user_id, body.is_admin);
    if (result === 'not_member') throw new ApiError('ROOM_TARGET_NOT_MEMBER');
    if (result === 'last_admin') throw new ApiError('ROOM_LAST_ADMIN');
    const change = { room_id: roomId, user_id: body.user_id, is_admin: body.is_admin, by_user_id: userId };
    s.realtime.io.to(roomRoom(roomId)).emit('admin_updated', change);
    emitMembersUpdated(s, { ...change, action: 'admin_updated' });
    return c.json({ success: true as const });
  });

  return app;
}
