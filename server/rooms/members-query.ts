import type { RoomMember } from '../../protocol/rest/members.ts';
import type { Db } from '../db/client.ts';

/** A room's members with their read pointers and settings, by user id: room info and the
 * messages page's meta both answer with this. */
export async function roomMembers(db: Db, roomId: number): Promise<RoomMember[]> {
  const rs = await db.execute({
    sql: `SELECT u.id, u.nickname, u.profile_image, u.status, rm.last_read_message_id, rm.pinned, rm.muted
          FROM room_members rm JOIN users u ON u.id = rm.user_id WHERE rm.room_id = ? ORDER BY u.id`,
    args: [roomId],
  });
  return rs.rows.map((r) => ({
    id: Number(r.id),
    nickname: String(r.nickname),
    profile_image: r.profile_image ? String(r.profile_image) : null,
    status: r.status === 'online' ? 'online' : 'offline',
    last_read_message_id: Number(r.last_read_message_id),
    pinned: Number(r.pinned) === 1 ? 1 : 0,
    muted: Number(r.muted) === 1 ? 1 : 0,
  }));
}
