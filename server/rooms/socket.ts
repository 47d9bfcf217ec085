import { roomRefPayloadSchema, subscribeRoomsPayloadSchema, typingPayloadSchema } from '../../protocol/events.ts';
import type { Services } from '../context.ts';
import { ApiError } from '../http/api-error.ts';
import { type IoSocket, handle } from '../realtime/handler.ts';
import { roomRoom } from '../realtime/realtime.ts';

/** subscribe_rooms, join_room, leave_room (socket.io rooms only; membership is REST) and typing. */
export function registerRoomHandlers(socket: IoSocket, s: Services): void {
  const { userId } = socket.data;

  handle(socket, s, 'subscribe_rooms', subscribeRoomsPayloadSchema, async ({ room_ids }) => {
    const mine = await s.membership.roomIds(userId);
    const allowed = room_ids.filter((id) => mine.has(id));
    await socket.join(allowed.map(roomRoom));
    return { room_ids: allowed };
  });

  handle(socket, s, 'join_room', roomRefPayloadSchema, async ({ room_id }) => {
    if (!(await s.membership.isMember(userId, room_id))) throw new ApiError('ROOM_ACCESS_DENIED');
    await socket.join(roomRoom(room_id));
    socket.emit('joined_room', { room_id });
    return { room_id };
  });

  handle(socket, s, 'leave_room', roomRefPayloadSchema, async ({ room_id }) => {
    await socket.leave(roomRoom(room_id));
    return { room_id };
  });

  handle(socket, s, 'typing', typingPayloadSchema, async ({ room_id, is_typing }) => {
    if (!(await s.membership.isMember(userId, room_id))) throw new ApiError('ROOM_ACCESS_DENIED');
    return s.typing.update(socket, room_id, is_typing);
  });
}
