import type { Context } from 'hono';
import { Hono } from 'hono';
import {
  type RoomInfo,
  roomCreateRequestSchema,
  roomListQuerySchema,
  roomMuteRequestSchema,
  roomPinRequestSchema,
  roomRenameRequestSchema,
} from '../../protocol/rest/rooms.ts';
import { requireAuth } from '../auth/middleware.ts';
import type { AppEnv } from '../context.ts';
import { ApiError } from '../http/api-error.ts';
import { parseBody, parseInput } from '../http/body.ts';
import { roomRoom, userRoom } from '../realtime/realtime.ts';
import { memberCall, roleCall, roomStore } from './access.ts';
import { adminRoutes } from './admins-routes.ts';
import { emitRoomUpdated, membershipChanged, postSystemMessage, systemText } from './events.ts';
import { requestLocale } from '../http/locale.ts';
import { roomList } from './list.ts';
import { memberRoutes } from './members-routes.ts';

type Ctx = Context<AppEnv>;

/** Rooms: list, create, info, rename and the per-user pin/mute flags; membership changes and
 * room admins live in their own files and are mounted here. */
export function roomRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/api/rooms', async (c) => {
    const { userId } = requireAuth(c);
    const query = parseInput(roomListQuerySchema, c.req.query());
    return c.json(await roomList(c.var.services.db, userId, query.include_members, requestLocale(c)));
  });

  app.post('/api/rooms', async (c) => {
    const s = c.var.services;
    const { userId } = requireAuth(c);
    const body = await parseBody(c, roomCreateRequestSchema);
    const store = roomStore(s);
    const memberIds = [userId, ...(await store.approvedUserIds(body.member_ids.filter((id) => id !== userId)))];
    const { roomId, created } = await store.create({
      creatorId: userId,
      memberIds,
      name: body.name,
      type: memberIds.length === 2 ? 'direct' : 'group',
      wrappedKey: s.roomKeys.wrap(s.roomKeys.generate()),
    });
    // The dedupe path answers with the existing room and still tells both members (origin).
    const members = created ? memberIds : await s.membership.memberIds(roomId);
    membershipChanged(s, roomId, members, []);
    emitRoomUpdated(s, { room_id: roomId, action: 'room_created', by_user_id: userId }, { users: members });
    return c.json({ success: true as const, room_id: roomId });
  });

  app.get('/api/rooms/:id/info', async (c) => {
    const { s, roomId } = await memberCall(c);
    const store = roomStore(s);
    const [room, members] = await Promise.all([store.byId(roomId), store.members(roomId)]);
    if (!room) throw new ApiError('ROOM_ACCESS_DENIED');
    const info: RoomInfo = { id: room.id, name: room.name, type: room.type, created_by: room.createdBy, created_at: room.createdAt, members };
    return c.json(info);
  });

  app.put('/api/rooms/:id/name', async (c) => {
    const { s, userId, roomId, role } = await roleCall(c);
    if (role !== 'admin') throw new ApiError('ROOM_RENAME_ADMIN_ONLY');
    const { name } = await parseBody(c, roomRenameRequestSchema);
    const store = roomStore(s);
    if (!(await store.rename(roomId, name))) throw new ApiError('ROOM_RENAME_FAILED');
    const nick = (await store.nicknames([userId])).get(userId) ?? '';
    await postSystemMessage(s, roomId, userId, systemText.renamed(nick, name));
    s.realtime.io.to(roomRoom(roomId)).emit('room_name_updated', { room_id: roomId, name, by_user_id: userId });
    emitRoomUpdated(s, { room_id: roomId, action: 'room_renamed', name, by_user_id: userId }, { room: true });
    return c.json({ success: true as const });
  });

  const setFlag = (flag: 'pinned' | 'muted') => async (c: Ctx) => {
    const { s, userId, roomId } = await memberCall(c);
    const on = flag === 'pinned' ? (await parseBody(c, roomPinRequestSchema)).pinned : (await parseBody(c, roomMuteRequestSchema)).muted;
    const flags = await roomStore(s).setFlag(roomId, userId, flag, on);
    if (!flags) throw new ApiError('ROOM_ACCESS_DENIED');
    // New: the caller's other devices follow (the origin emitted nothing).
    s.realtime.io.to(userRoom(userId)).emit('room_updated', { room_id: roomId, action: 'settings_updated', ...flags });
    return c.json({ success: true as const });
  };
  app.post('/api/rooms/:id/pin-room', setFlag('pinned'));
  app.post('/api/rooms/:id/pin', setFlag('pinned'));
  app.post('/api/rooms/:id/mute', setFlag('muted'));

  app.route('/', memberRoutes());
  app.route('/', adminRoutes());
  return app;
}
