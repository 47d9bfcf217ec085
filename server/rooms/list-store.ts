import type { Row } from '@libsql/client';
import type { RoomMemberSummary } from '../../protocol/rest/members.ts';
import type { Db } from '../db/client.ts';
import { type RoomRow, bit, strOrNull, toRoom } from './store.ts';

/** One row of the caller's room list, before presentation (preview, partner, members). */
export interface RoomListRow extends RoomRow {
  lastReadMessageId: number;
  pinned: 0 | 1;
  muted: 0 | 1;
  memberCount: number;
  unreadCount: number;
  last: { content: string | null; type: string; time: string; encrypted: 0 | 1; fileName: string | null } | null;
}

function toSummary(r: Row): RoomMemberSummary {
  return {
    room_id: Number(r.room_id),
    id: Number(r.id),
    nickname: String(r.nickname),
    profile_image: r.profile_image ? String(r.profile_image) : null,
    status: r.status === 'online' ? 'online' : 'offline',
  };
}

/** The caller's rooms with everything the list shows, in one query whatever the number of
 * rooms. Per-room figures are correlated subqueries that seek the (room_id, id) index: the
 * last message is one seek, the unread count scans only the unread tail. A GROUP BY or window
 * over `messages` would read every message of every room instead. */
export async function listRooms(db: Db, userId: number): Promise<RoomListRow[]> {
  const rs = await db.execute({
    sql: `SELECT r.id, r.name, r.type, r.created_by, r.created_at,
                 me.last_read_message_id, me.pinned, me.muted,
                 (SELECT COUNT(*) FROM room_members c WHERE c.room_id = r.id) AS member_count,
                 (SELECT COUNT(*) FROM messages u
                   WHERE u.room_id = r.id AND u.id > me.last_read_message_id AND u.sender_id IS NOT me.user_id) AS unread_count,
                 lm.id AS lm_id, lm.content AS lm_content, lm.message_type AS lm_type, lm.created_at AS lm_time,
                 lm.encrypted AS lm_encrypted, lm.file_name AS lm_file_name
          FROM room_members me
          JOIN rooms r ON r.id = me.room_id
          LEFT JOIN messages lm ON lm.id = (SELECT MAX(x.id) FROM messages x WHERE x.room_id = r.id)
          WHERE me.user_id = ?
          ORDER BY me.pinned DESC, lm.id IS NULL, lm.created_at DESC, lm.id DESC, r.id DESC`,
    args: [userId],
  });
  return rs.rows.map((r) => ({
    ...toRoom(r),
    lastReadMessageId: Number(r.last_read_message_id),
    pinned: bit(r.pinned),
    muted: bit(r.muted),
    memberCount: Number(r.member_count),
    unreadCount: Number(r.unread_count),
    last:
      r.lm_id == null
        ? null
        : {
            content: strOrNull(r.lm_content),
            type: String(r.lm_type),
            time: String(r.lm_time),
            encrypted: bit(r.lm_encrypted),
            fileName: strOrNull(r.lm_file_name),
          },
  }));
}

/** Members of all the caller's rooms in one query: the partner of each direct room, and every
 * member of each group room when `groups` is set. Ordered by room, then user id. */
export async function listRoomMembers(db: Db, userId: number, groups: boolean): Promise<RoomMemberSummary[]> {
  const rs = await db.execute({
    sql: `SELECT rm.room_id, u.id, u.nickname, u.profile_image, u.status
          FROM room_members me
          JOIN rooms r ON r.id = me.room_id
          JOIN room_members rm ON rm.room_id = me.room_id
          JOIN users u ON u.id = rm.user_id
          WHERE me.user_id = ? AND ((r.type = 'direct' AND rm.user_id <> me.user_id) OR (r.type = 'group' AND ?))
          ORDER BY rm.room_id, u.id`,
    args: [userId, groups ? 1 : 0],
  });
  return rs.rows.map(toSummary);
}
