import { Hono } from 'hono';
import { roomInviteRequestSchema } from '../../protocol/rest/rooms.ts';
import type { AppEnv, Services } from '../context.ts';
import { ApiError } from '../http/api-error.ts';
import { parseBody } from '../http/body.ts';
import { memberCall, pathId, roleCall, roomStore } from './access.ts';
import { emitMembersUpdated, emitRoomUpdated, membershipChanged, postSystemMessage, systemText } from './events.ts';

/** After a leave or kick is committed: the user's sockets leave the room first, then the room
 * hears the system message, and the room plus the removed user hear the two events. */
async function afterRemoval(s: Services, roomId: number, userId: number, byUserId: number, text: string): Promise<void> {
  membershipChanged(s, roomId, [], [userId]);
  await postSystemMessage(s, roomId, byUserId, text);
  const action = byUserId === userId ? ('member_left' as const) : ('member_kicked' as const);
  emitMembersUpdated(s, { room_id: roomId, action, user_id: userId, by_user_id: byUserId }, [userId]);
  emitRoomUpdated(s, { room_id: roomId, action, user_id: userId, by_user_id: byUserId }, { room: true, users: [userId] });
}

/** Invite, leave and kick. */
export function memberRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  // Any member may invite (origin), but never into a direct room (origin gap §11.2-12).
  app.post('/api/rooms/:id/members', async (c) => {
    const { s, userId, roomId } = await memberCall(c);
    const { user_ids } = await parseBody(c, roomInviteRequestSchema);
    const store = roomStore(s);
    const room = await store.byId(roomId);
    if (!room) throw new ApiError('ROOM_ACCESS_DENIED');
    if (room.type === 'direct') throw new ApiError('DIRECT_ROOM_INVITE_DENIED');
    const added = await store.invite(roomId, userId, user_ids);
    if (added.length === 0) throw new ApiError('ROOM_MEMBER_ALREADY_JOINED');
    membershipChanged(s, roomId, added, []);
    const names = await store.nicknames([userId, ...added]);
    await postSystemMessage(s, roomId, userId, systemText.invited(names.get(userId) ?? '', added.map((id) => names.get(id) ?? '')));
    emitMembersUpdated(s, { room_id: roomId, action: 'members_invited', by_user_id: userId, added_count: added.length });
    emitRoomUpdated(s, { room_id: roomId, action: 'members_invited', by_user_id: userId }, { room: true, users: added });
    return c.json({ success: true as const, added_count: added.length });
  });

  // A non-member gets 403 and nothing is emitted (origin test_leave_membership_guard).
  app.post('/api/rooms/:id/leave', async (c) => {
    const { s, userId, roomId } = await roleCall(c);
    const store = roomStore(s);
    const nick = (await store.nicknames([userId])).get(userId) ?? '';
    if (!(await store.removeMember(roomId, userId))) throw new ApiError('ROOM_ACCESS_DENIED');
    await afterRemoval(s, roomId, userId, userId, systemText.left(nick));
    return c.json({ success: true as const });
  });

  // Checks in the origin's order: admin, self, admin target, target membership.
  app.delete('/api/rooms/:id/members/:target', async (c) => {
    const { s, userId, roomId, role } = await roleCall(c);
    if (role !== 'admin') throw new ApiError('ROOM_KICK_ADMIN_ONLY');
    const target = pathId(c.req.param('target'));
    if (target === userId) throw new ApiError('ROOM_KICK_SELF');
    const targetRole = target === null ? null : await s.membership.role(target, roomId);
    if (targetRole === 'admin') throw new ApiError('ROOM_KICK_ADMIN_TARGET');
    if (target === null || targetRole === null) throw new ApiError('ROOM_TARGET_NOT_MEMBER');
    const store = roomStore(s);
    const names = await store.nicknames([userId, target]);
    if (!(await store.removeMember(roomId, target, userId))) throw new ApiError('ROOM_KICK_FAILED');
    await afterRemoval(s, roomId, target, userId, systemText.kicked(names.get(userId) ?? '', names.get(target) ?? ''));
    return c.json({ success: true as const });
  });

  return app;
}
