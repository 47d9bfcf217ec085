import { Hono } from 'hono';
import { ApiError } from '../http/api-error.ts';
import type { AppEnv } from '../http/env.ts';
import { requestLocale } from '../http/locale.ts';
import { route } from '../http/route.ts';
import type { RoomAccess } from '../members/access.ts';
import type { Membership } from '../members/membership.ts';
import type { MemberRepo } from '../members/repo.ts';
import type { Broadcast } from '../realtime/broadcast.ts';
import type { UserRepo } from '../users/repo.ts';
import { roomList } from './list.ts';
import { type PostNotice, party } from './notices.ts';
import type { RoomRepo } from './repo.ts';
import type { RoomKeys } from '../keys/room-keys.ts';

export interface RoomDeps {
  rooms: RoomRepo;
  members: MemberRepo;
  users: UserRepo;
  membership: Membership;
  access: RoomAccess;
  roomKeys: RoomKeys;
  broadcast: Broadcast;
  notice: PostNotice;
}

/** Rooms: list, create, info, rename and the per-user pin/mute flags. Membership changes and room
 * admins are members/. */
export function roomRoutes(deps: RoomDeps): Hono<AppEnv> {
  const { rooms, access, broadcast } = deps;
  const app = new Hono<AppEnv>();

  route(app, 'GET /api/rooms', async (c, { auth, query }) => roomList(rooms, auth.userId, query().include_members, requestLocale(c)));

  route(app, 'POST /api/rooms', async (_c, { auth, body }) => {
    const { name, member_ids } = await body();
    const memberIds = [auth.userId, ...(await deps.users.approvedIds(member_ids.filter((id) => id !== auth.userId)))];
    const { roomId, created } = await rooms.create({
      creatorId: auth.userId,
      memberIds,
      name,
      type: memberIds.length === 2 ? 'direct' : 'group',
      wrappedKey: deps.roomKeys.wrap(deps.roomKeys.generate()),
    });
    // The dedupe path answers with the existing room and still tells both members (origin).
    const members = created ? memberIds : await deps.members.memberIds(roomId);
    deps.membership.changed(roomId, members, []);
    broadcast.emit({ users: members }, 'room_updated', { room_id: roomId, action: 'room_created', by_user_id: auth.userId });
    return { success: true, room_id: roomId };
  });

  route(app, 'GET /api/rooms/:id/info', async (c, { auth }) => {
    const roomId = await access.member(c, auth);
    const [room, members] = await Promise.all([rooms.byId(roomId), deps.members.members(roomId)]);
    if (!room) throw new ApiError('ROOM_ACCESS_DENIED');
    return { id: room.id, name: room.name, type: room.type, created_by: room.createdBy, created_at: room.createdAt, members };
  });

  route(app, 'PUT /api/rooms/:id/name', async (c, { auth, body }) => {
    const { roomId, role } = await access.role(c, auth);
    if (role !== 'admin') throw new ApiError('ROOM_RENAME_ADMIN_ONLY');
    const { name } = await body();
    if (!(await rooms.rename(roomId, name))) throw new ApiError('ROOM_RENAME_FAILED');
    const names = await deps.users.nicknames([auth.userId]);
    await deps.notice(roomId, { kind: 'renamed', actor: party(auth.userId, names), targets: [], name });
    broadcast.emit({ rooms: [roomId] }, 'room_name_updated', { room_id: roomId, name, by_user_id: auth.userId });
    broadcast.emit({ rooms: [roomId] }, 'room_updated', { room_id: roomId, action: 'room_renamed', name, by_user_id: auth.userId });
    return { success: true };
  });

  // Per-user flags. New: the caller's other devices follow (the origin emitted nothing).
  const setFlag = async (userId: number, roomId: number, which: 'pinned' | 'muted', on: boolean) => {
    const flags = await rooms.setFlag(roomId, userId, which, on);
    if (!flags) throw new ApiError('ROOM_ACCESS_DENIED');
    broadcast.emit({ users: [userId] }, 'room_updated', { room_id: roomId, action: 'settings_updated', ...flags });
    return { success: true as const };
  };
  for (const key of ['POST /api/rooms/:id/pin-room', 'POST /api/rooms/:id/pin'] as const) {
    route(app, key, async (c, { auth, body }) => {
      const roomId = await access.member(c, auth);
      return setFlag(auth.userId, roomId, 'pinned', (await body()).pinned);
    });
  }
  route(app, 'POST /api/rooms/:id/mute', async (c, { auth, body }) => {
    const roomId = await access.member(c, auth);
    return setFlag(auth.userId, roomId, 'muted', (await body()).muted);
  });

  return app;
}
