import { ApiError } from '../http/api-error.ts';
import type { Membership } from '../members/membership.ts';
import { roomChannel } from '../realtime/channels.ts';
import type { SocketFeature } from '../realtime/socket-server.ts';
import type { Typing, Typist } from './typing.ts';

/** Each connection is in the channels of the user's rooms; subscribe_rooms, join_room and
 * leave_room move this socket only (membership itself is REST); typing. */
export function roomSocket(deps: { membership: Membership; typing: Typing }): SocketFeature {
  const { membership, typing } = deps;
  const register: SocketFeature['register'] = ({ socket, on }) => {
    const { userId } = socket.data;
    const typist: Typist = { socketId: socket.id, userId, nickname: socket.data.nickname };

    on('subscribe_rooms', async ({ room_ids }) => {
      const mine = await membership.roomIds(userId);
      const allowed = room_ids.filter((id) => mine.has(id));
      await socket.join(allowed.map(roomChannel));
      return { room_ids: allowed };
    });

    on('join_room', async ({ room_id }) => {
      if (!(await membership.isMember(userId, room_id))) throw new ApiError('ROOM_ACCESS_DENIED');
      await socket.join(roomChannel(room_id));
      socket.emit('joined_room', { room_id });
      return { room_id };
    });

    on('leave_room', async ({ room_id }) => {
      await socket.leave(roomChannel(room_id));
      return { room_id };
    });

    on('typing', async ({ room_id, is_typing }) => {
      if (!(await membership.isMember(userId, room_id))) throw new ApiError('ROOM_ACCESS_DENIED');
      return typing.update(typist, room_id, is_typing);
    });

    socket.on('disconnect', () => typing.socketGone(typist));
  };
  return {
    // Each connection is in its user's rooms before the client hears it is connected.
    channels: async ({ userId }) => [...(await membership.roomIds(userId))].map(roomChannel),
    register,
  };
}
