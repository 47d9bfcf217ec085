import type { Row } from '@libsql/client';
import type { RoomMemberSummary } from '../../protocol/rest/members.ts';
import type { RoomType } from '../../protocol/rest/rooms.ts';
import type { SystemPayload } from '../../protocol/rest/system-payload.ts';
import type { Db } from '../db/client.ts';
import { nowIso } from '../db/time.ts';
import { systemPayload } from '../messages/view.ts';

/** Rooms: creation (with the direct-room dedupe), names, the per-user pin/mute flags, the list
 * read model and the version-1 room key (keys/ reads and rotates keys). Membership itself is members/repo.ts. */

export interface RoomRow {
  id: number;
  name: string | null;
  type: RoomType;
  createdBy: number | null;
  createdAt: string;
}

const bit = (v: unknown): 0 | 1 => (Number(v) === 1 ? 1 : 0);
const strOrNull = (v: unknown) => (v == null ? null : String(v));
const marks = (n: number) => Array.from({ length: n }, () => '?').join(',');

function toRoom(r: Row): RoomRow {
  return {
    id: Number(r.id),
    name: strOrNull(r.name),
    type: r.type === 'direct' ? 'direct' : 'group',
    createdBy: r.created_by == null ? null : Number(r.created_by),
    createdAt: String(r.created_at),
  };
}

/** One row of the caller's room list, before presentation (preview, partner, members). */
export interface RoomListRow extends RoomRow {
  lastReadMessageId: number;
  pinned: 0 | 1;
  muted: 0 | 1;
  memberCount: number;
  unreadCount: number;
  last: { id: number; content: string | null; type: string; time: string; encrypted: 0 | 1; fileName: string | null; system: SystemPayload | null; keyVersion: number } | null;
}

function toSummary(r: Row): RoomMemberSummary {
  return {
    room_id: Number(r.room_id),
    id: Number(r.id),
    nickname: String(r.nickname),
    profile_image: r.profile_image ? String(r.profile_image) : null,
    status: r.status === 'online' ? 'online' : 'offline',
    last_seen_at: r.last_seen_at == null ? null : String(r.last_seen_at),
  };
}

/** The direct rooms holding exactly users ? and ? (args: a, b). */
const DIRECT_PAIR = `
  FROM room_members a JOIN rooms r ON r.id = a.room_id AND r.type = 'direct'
  WHERE a.user_id = ? AND EXISTS (SELECT 1 FROM room_members b WHERE b.room_id = a.room_id AND b.user_id = ?)
    AND (SELECT COUNT(*) FROM room_members c WHERE c.room_id = a.room_id) = 2`;

export class RoomRepo {
  constructor(private readonly db: Db) {}

  async byId(roomId: number): Promise<RoomRow | null> {
    const rs = await this.db.execute({ sql: 'SELECT id, name, type, created_by, created_at FROM rooms WHERE id = ?', args: [roomId] });
    return rs.rows[0] ? toRoom(rs.rows[0]) : null;
  }

  /** One write transaction. A direct room is created only if no direct room of exactly these two
   * users exists (checked inside the transaction, so two concurrent creates make one room);
   * otherwise that room's id comes back with `created: false`. */
  async create(input: {
    creatorId: number;
    memberIds: number[];
    name: string | null;
    type: RoomType;
    wrappedKey: string;
  }): Promise<{ roomId: number; created: boolean }> {
    const now = nowIso();
    const direct = input.type === 'direct';
    const pair = direct ? [input.memberIds[0]!, input.memberIds[1]!] : [];
    const results = await this.db.batch(
      [
        {
          sql: `INSERT INTO rooms (name, type, created_by, encryption_key, created_at) SELECT ?, ?, ?, ?, ?
                ${direct ? `WHERE NOT EXISTS (SELECT 1 ${DIRECT_PAIR})` : ''} RETURNING id`,
          args: [input.name, input.type, input.creatorId, input.wrappedKey, now, ...pair],
        },
        // The new room is the newest row, recognised by its (random) wrapped key; nothing is
        // inserted when the first statement inserted nothing.
        {
          sql: `INSERT INTO room_members (room_id, user_id, role, joined_at)
                SELECT r.id, u.id, CASE WHEN u.id = ? THEN 'admin' ELSE 'member' END, ?
                FROM rooms r JOIN users u ON u.id IN (${marks(input.memberIds.length)})
                WHERE r.id = (SELECT MAX(id) FROM rooms) AND r.encryption_key = ?`,
          args: [input.creatorId, now, ...input.memberIds, input.wrappedKey],
        },
        ...(direct ? [{ sql: `SELECT a.room_id AS id ${DIRECT_PAIR} ORDER BY a.room_id LIMIT 1`, args: pair }] : []),
      ],
      'write',
    );
    const inserted = results[0]!.rows[0];
    // A partner deleted meanwhile leaves no pair to find: then the inserted room is the answer.
    const found = (direct ? results[2]!.rows[0] : undefined) ?? inserted;
    return { roomId: Number(found!.id), created: inserted !== undefined };
  }

  async rename(roomId: number, name: string): Promise<boolean> {
    const rs = await this.db.execute({ sql: 'UPDATE rooms SET name = ? WHERE id = ?', args: [name, roomId] });
    return rs.rowsAffected > 0;
  }

  /** Per-user flag; the caller's flags after the change, or null when not a member. */
  async setFlag(roomId: number, userId: number, flag: 'pinned' | 'muted', on: boolean): Promise<{ pinned: 0 | 1; muted: 0 | 1 } | null> {
    const column = flag === 'pinned' ? 'pinned' : 'muted';
    const rs = await this.db.execute({
      sql: `UPDATE room_members SET ${column} = ? WHERE room_id = ? AND user_id = ? RETURNING pinned, muted`,
      args: [on ? 1 : 0, roomId, userId],
    });
    const row = rs.rows[0];
    return row ? { pinned: bit(row.pinned), muted: bit(row.muted) } : null;
  }

  /** The caller's rooms with everything the list shows, in one query whatever the number of
   * rooms. Per-room figures are correlated subqueries that seek the (room_id, id) index: the
   * last message is one seek, the unread count scans only the unread tail. A GROUP BY or window
   * over `messages` would read every message of every room instead. */
  async list(userId: number): Promise<RoomListRow[]> {
    const rs = await this.db.execute({
      sql: `SELECT r.id, r.name, r.type, r.created_by, r.created_at,
                   me.last_read_message_id, me.pinned, me.muted,
                   (SELECT COUNT(*) FROM room_members c WHERE c.room_id = r.id) AS member_count,
                   (SELECT COUNT(*) FROM messages u
                     WHERE u.room_id = r.id AND u.id > me.last_read_message_id AND u.sender_id IS NOT me.user_id) AS unread_count,
                   lm.id AS lm_id, lm.content AS lm_content, lm.message_type AS lm_type, lm.created_at AS lm_time,
                   lm.encrypted AS lm_encrypted, lm.file_name AS lm_file_name, lm.system_payload AS lm_system,
                   lm.key_version AS lm_key_version
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
              id: Number(r.lm_id),
              content: strOrNull(r.lm_content),
              type: String(r.lm_type),
              time: String(r.lm_time),
              encrypted: bit(r.lm_encrypted),
              fileName: strOrNull(r.lm_file_name),
              system: systemPayload(r.lm_system),
              keyVersion: Number(r.lm_key_version ?? 1),
            },
    }));
  }

  /** Members of all the caller's rooms in one query: the partner of each direct room, and every
   * member of each group room when `groups` is set. Ordered by room, then user id. */
  async listMembers(userId: number, groups: boolean): Promise<RoomMemberSummary[]> {
    const rs = await this.db.execute({
      sql: `SELECT rm.room_id, u.id, u.nickname, u.profile_image, u.status, u.last_seen_at
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

  /** Maintenance: rooms nobody is in any more; their messages, files rows, pins and polls cascade. */
  async deleteEmpty(): Promise<number> {
    const rs = await this.db.execute('DELETE FROM rooms WHERE NOT EXISTS (SELECT 1 FROM room_members WHERE room_members.room_id = rooms.id)');
    return rs.rowsAffected;
  }
}
