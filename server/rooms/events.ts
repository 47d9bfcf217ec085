import type { RoomMembersUpdatedEvent, RoomUpdatedEvent } from '../../protocol/events/server.ts';
import type { Services } from '../context.ts';
import { roomRoom, userRoom } from '../realtime/realtime.ts';

/** Who hears what after a room mutation. Emits go only to `room_{id}` and the `user_{id}` rooms
 * of the users concerned; one `to([...])` per event, so a socket in several targets gets it once. */

const targets = (roomId: number | null, userIds: number[]) => [...(roomId === null ? [] : [roomRoom(roomId)]), ...userIds.map(userRoom)];

export function emitRoomUpdated(s: Services, payload: RoomUpdatedEvent, to: { room?: boolean; users?: number[] }): void {
  const rooms = targets(to.room ? payload.room_id : null, to.users ?? []);
  // `to([])` would broadcast to every socket.
  if (rooms.length > 0) s.realtime.io.to(rooms).emit('room_updated', payload);
}

export function emitMembersUpdated(s: Services, payload: RoomMembersUpdatedEvent, users: number[] = []): void {
  s.realtime.io.to(targets(payload.room_id, users)).emit('room_members_updated', payload);
}

/** Membership changed: drop the cached room sets and move the users' live sockets at once, so a
 * removed member hears nothing more and a new one hears the very next event. */
export function membershipChanged(s: Services, roomId: number, joined: number[], left: number[]): void {
  s.membership.invalidate([...joined, ...left]);
  for (const id of joined) s.realtime.joinUserToRoom(id, roomId);
  for (const id of left) s.realtime.removeUserFromRoom(id, roomId);
}

/** Store a system message (plain text, server-only type) and broadcast it as `new_message`.
 * The membership change it describes is already committed, so a failure here is logged, not
 * turned into an error answer. */
export async function postSystemMessage(s: Services, roomId: number, senderId: number, content: string): Promise<void> {
  try {
    const { view } = await s.writer.write({ roomId, senderId, content, encrypted: false, type: 'system' });
    s.realtime.io.to(roomRoom(roomId)).emit('new_message', view);
  } catch (err) {
    s.logger.error('system message failed', { roomId, error: (err as Error).stack ?? String(err) });
  }
}

/** System message texts (Korean, like every stored server string). */
export const systemText = {
  invited: (inviter: string, invitees: string[]) => `${inviter}님이 ${invitees.join(', ')}님을 초대했습니다.`,
  left: (nickname: string) => `${nickname}님이 나갔습니다.`,
  kicked: (admin: string, target: string) => `${admin}님이 ${target}님을 내보냈습니다.`,
  renamed: (admin: string, name: string) => `${admin}님이 대화방 이름을 '${name}'(으)로 변경했습니다.`,
};
