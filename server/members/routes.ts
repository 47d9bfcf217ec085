import { Hono } from 'hono';
import { ApiError } from '../http/api-error.ts';
import type { AppEnv } from '../http/env.ts';
import { pathId, route } from '../http/route.ts';
import type { RoomKeys } from '../keys/room-keys.ts';
import type { Broadcast } from '../realtime/broadcast.ts';
import { type PostNotice, party } from '../rooms/notices.ts';
import type { RoomRepo } from '../rooms/repo.ts';
import type { UserRepo } from '../users/repo.ts';
import type { RoomAccess } from './access.ts';
import type { Membership } from './membership.ts';
import type { MemberRepo } from './repo.ts';

export interface MemberDeps {
  members: MemberRepo;
  rooms: RoomRepo;
  users: UserRepo;
  membership: Membership;
  access: RoomAccess;
  broadcast: Broadcast;
  notice: PostNotice;
  roomKeys: RoomKeys;
}

/** Invite, leave and kick. */
export function memberRoutes(deps: MemberDeps): Hono<AppEnv> {
  const { members, access, broadcast } = deps;
  const app = new Hono<AppEnv>();

  /** Leave or kick, rotating the room key in the same transaction. */
  const remove = (roomId: number, userId: number, kickedBy?: number) =>
    members.remove(roomId, userId, { kickedBy, nextKey: deps.roomKeys.wrap(deps.roomKeys.generate()) });

  /** After a leave or kick is committed: the user's sockets leave the room first, then the
   * remaining members hear of the new key, the room hears the notice, and the room plus the
   * removed user hear the two events. */
  async function afterRemoval(roomId: number, userId: number, byUserId: number, nicknames: Map<number, string>, keyVersion: number | null): Promise<void> {
    deps.membership.changed(roomId, [], [userId]);
    if (keyVersion !== null) broadcast.emit({ rooms: [roomId] }, 'room_key_rotated', { room_id: roomId, key_version: keyVersion });
    const actor = party(byUserId, nicknames);
    await deps.notice(roomId, byUserId === userId ? { kind: 'left', actor, targets: [] } : { kind: 'kicked', actor, targets: [party(userId, nicknames)] });
    const action = byUserId === userId ? ('member_left' as const) : ('member_kicked' as const);
    const to = { rooms: [roomId], users: [userId] };
    broadcast.emit(to, 'room_members_updated', { room_id: roomId, action, user_id: userId, by_user_id: byUserId });
    broadcast.emit(to, 'room_updated', { room_id: roomId, action, user_id: userId, by_user_id: byUserId });
  }

  // Any member may invite (origin), but never into a direct room (the origin allowed it and turned a DM into a group).
  route(app, 'POST /api/rooms/:id/members', async (c, { auth, body }) => {
    const roomId = await access.member(c, auth);
    const { user_ids } = await body();
    const room = await deps.rooms.byId(roomId);
    if (!room) throw new ApiError('ROOM_ACCESS_DENIED');
    if (room.type === 'direct') throw new ApiError('DIRECT_ROOM_INVITE_DENIED');
    const added = await members.invite(roomId, auth.userId, user_ids);
    if (added.length === 0) throw new ApiError('ROOM_MEMBER_ALREADY_JOINED');
    deps.membership.changed(roomId, added, []);
    const names = await deps.users.nicknames([auth.userId, ...added]);
    await deps.notice(roomId, { kind: 'invited', actor: party(auth.userId, names), targets: added.map((id) => party(id, names)) });
    broadcast.emit({ rooms: [roomId] }, 'room_members_updated', { room_id: roomId, action: 'members_invited', by_user_id: auth.userId, added_count: added.length });
    broadcast.emit({ rooms: [roomId], users: added }, 'room_updated', { room_id: roomId, action: 'members_invited', by_user_id: auth.userId });
    return { success: true, added_count: added.length };
  });

  // A non-member gets 403 and nothing is emitted (origin test_leave_membership_guard).
  route(app, 'POST /api/rooms/:id/leave', async (c, { auth }) => {
    const { roomId } = await access.role(c, auth);
    const names = await deps.users.nicknames([auth.userId]);
    const { removed, keyVersion } = await remove(roomId, auth.userId);
    if (!removed) throw new ApiError('ROOM_ACCESS_DENIED');
    await afterRemoval(roomId, auth.userId, auth.userId, names, keyVersion);
    return { success: true };
  });

  // Checks in the origin's order: admin, self, admin target, target membership.
  route(app, 'DELETE /api/rooms/:id/members/:target', async (c, { auth }) => {
    const { roomId, role } = await access.role(c, auth);
    if (role !== 'admin') throw new ApiError('ROOM_KICK_ADMIN_ONLY');
    const target = pathId(c.req.param('target'));
    if (target === auth.userId) throw new ApiError('ROOM_KICK_SELF');
    const targetRole = target === null ? null : await members.role(target, roomId);
    if (targetRole === 'admin') throw new ApiError('ROOM_KICK_ADMIN_TARGET');
    if (target === null || targetRole === null) throw new ApiError('ROOM_TARGET_NOT_MEMBER');
    const names = await deps.users.nicknames([auth.userId, target]);
    const { removed, keyVersion } = await remove(roomId, target, auth.userId);
    if (!removed) throw new ApiError('ROOM_KICK_FAILED');
    await afterRemoval(roomId, target, auth.userId, names, keyVersion);
    return { success: true };
  });

  return app;
}
