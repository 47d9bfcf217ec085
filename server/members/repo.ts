import type { RoomAdmin } from '../../protocol/rest/admins.ts';
import type { RoomMember } from '../../protocol/rest/members.ts';
import type { ReadPointer } from '../../protocol/unread.ts';
import type { Db } from '../db/client.ts';
import { nowIso } from '../db/time.ts';
import { rotationStatements } from '../keys/repo.ts';

/** Room membership: who is in which room, with which role and read pointer. The room's owner
 * (`rooms.created_by`) is always an admin and its role column is kept at 'admin' (creation,
 * reassignment and promotion all keep it so), which makes `role` (role = 'admin' OR owner) and
 * the stored roles agree. */

export type SetAdminResult = 'ok' | 'not_member' | 'last_admin';

const marks = (n: number) => Array.from({ length: n }, () => '?').join(',');

/** After a member is removed: an owner who is gone (left, kicked, deleted) is replaced by the
 * first remaining member, admins first then lowest id (NULL when the room is empty); if no admin
 * remains, that owner is promoted. Args: [roomId], then [roomId, roomId]. */
const REPAIR_OWNERSHIP = [
  `UPDATE rooms SET created_by = (
     SELECT user_id FROM room_members WHERE room_id = rooms.id ORDER BY role = 'admin' DESC, user_id LIMIT 1)
   WHERE id = ? AND (created_by IS NULL
     OR NOT EXISTS (SELECT 1 FROM room_members WHERE room_id = rooms.id AND user_id = rooms.created_by))`,
  `UPDATE room_members SET role = 'admin'
   WHERE room_id = ? AND user_id = (SELECT created_by FROM rooms WHERE id = room_members.room_id)
     AND NOT EXISTS (SELECT 1 FROM room_members o WHERE o.room_id = ? AND o.role = 'admin')`,
];

/** Effective admins of room ? other than user ? (args: roomId, userId). */
const OTHER_ADMIN_EXISTS = `EXISTS (
  SELECT 1 FROM room_members o JOIN rooms r ON r.id = o.room_id
  WHERE o.room_id = ? AND o.user_id <> ? AND (o.role = 'admin' OR o.user_id = r.created_by))`;

export class MemberRepo {
  constructor(private readonly db: Db) {}

  async roomIds(userId: number): Promise<number[]> {
    const rs = await this.db.execute({ sql: 'SELECT room_id FROM room_members WHERE user_id = ?', args: [userId] });
    return rs.rows.map((r) => Number(r.room_id));
  }

  /** Straight from the table: role checks guard admin actions and must never be stale. */
  async role(userId: number, roomId: number): Promise<'admin' | 'member' | null> {
    const rs = await this.db.execute({
      sql: `SELECT CASE WHEN rm.role = 'admin' OR r.created_by = rm.user_id THEN 'admin' ELSE 'member' END AS role
            FROM room_members rm JOIN rooms r ON r.id = rm.room_id WHERE rm.room_id = ? AND rm.user_id = ?`,
      args: [roomId, userId],
    });
    return rs.rows[0] ? (rs.rows[0].role as 'admin' | 'member') : null;
  }

  async memberIds(roomId: number): Promise<number[]> {
    const rs = await this.db.execute({ sql: 'SELECT user_id FROM room_members WHERE room_id = ? ORDER BY user_id', args: [roomId] });
    return rs.rows.map((r) => Number(r.user_id));
  }

  /** A room's members with their read pointers and settings, by user id: room info and the
   * messages page's meta both answer with this. */
  async members(roomId: number): Promise<RoomMember[]> {
    const rs = await this.db.execute({
      sql: `SELECT u.id, u.nickname, u.profile_image, u.status, rm.last_read_message_id, rm.pinned, rm.muted,
                   u.username, u.status_message, u.last_seen_at,
                   CASE WHEN rm.role = 'admin' OR r.created_by = rm.user_id THEN 'admin' ELSE 'member' END AS role
            FROM room_members rm JOIN users u ON u.id = rm.user_id JOIN rooms r ON r.id = rm.room_id
            WHERE rm.room_id = ? ORDER BY u.id`,
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
      username: String(r.username),
      status_message: r.status_message == null ? null : String(r.status_message),
      last_seen_at: r.last_seen_at == null ? null : String(r.last_seen_at),
      role: r.role === 'admin' ? 'admin' : 'member',
    }));
  }

  async readPointers(roomId: number): Promise<ReadPointer[]> {
    const rs = await this.db.execute({ sql: 'SELECT user_id, last_read_message_id FROM room_members WHERE room_id = ?', args: [roomId] });
    return rs.rows.map((r) => ({ userId: Number(r.user_id), lastRead: Number(r.last_read_message_id) }));
  }

  /** Monotonic: the pointer only moves forward. True when it moved. */
  async advanceReadPointer(roomId: number, userId: number, messageId: number): Promise<boolean> {
    const rs = await this.db.execute({
      sql: 'UPDATE room_members SET last_read_message_id = ? WHERE room_id = ? AND user_id = ? AND last_read_message_id < ?',
      args: [messageId, roomId, userId, messageId],
    });
    return rs.rowsAffected > 0;
  }

  /** Adds the approved users among `userIds` who are not members yet, into a group room the
   * inviter still belongs to (re-checked in the statement). Invitees' read pointers start at the
   * latest message, so the history they can read does not show up as thousands unread. They may
   * hold the room's keys from its current version on. Returns the ids actually added. */
  async invite(roomId: number, inviterId: number, userIds: readonly number[]): Promise<number[]> {
    const rs = await this.db.execute({
      sql: `INSERT OR IGNORE INTO room_members (room_id, user_id, role, joined_at, last_read_message_id, joined_key_version)
            SELECT r.id, u.id, 'member', ?, COALESCE((SELECT MAX(m.id) FROM messages m WHERE m.room_id = r.id), 0), r.key_version
            FROM rooms r JOIN users u ON u.id IN (${marks(userIds.length)}) AND u.approval_status = 'approved'
            WHERE r.id = ? AND r.type = 'group'
              AND EXISTS (SELECT 1 FROM room_members i WHERE i.room_id = r.id AND i.user_id = ?)
            RETURNING user_id`,
      args: [nowIso(), ...userIds, roomId, inviterId],
    });
    return rs.rows.map((r) => Number(r.user_id)).sort((x, y) => x - y);
  }

  /** Leave (no `kickedBy`) or kick, with the ownership repair and the room key rotation (to
   * `nextKey`, wrapped), in one write transaction: no message can be stored under the old key
   * once the member is gone. A kick re-checks inside it that the kicker is an admin and the target
   * is not. `removed` is false when nothing was removed; `keyVersion` is the new version, null
   * when the room did not rotate (no key, or nobody left in it). */
  async remove(roomId: number, userId: number, opts: { kickedBy?: number; nextKey: string }): Promise<{ removed: boolean; keyVersion: number | null }> {
    const { kickedBy } = opts;
    const guard =
      kickedBy === undefined
        ? { sql: '', args: [] as number[] }
        : {
            sql: `AND role <> 'admin' AND user_id IS NOT (SELECT created_by FROM rooms WHERE id = ?)
                  AND EXISTS (SELECT 1 FROM room_members k JOIN rooms r ON r.id = k.room_id
                              WHERE k.room_id = ? AND k.user_id = ? AND (k.role = 'admin' OR k.user_id = r.created_by))`,
            args: [roomId, roomId, kickedBy],
          };
    const [deleted, , rotated] = await this.db.batch(
      [
        {
          sql: `DELETE FROM room_members WHERE room_id = ? AND user_id = ? ${guard.sql} RETURNING user_id`,
          args: [roomId, userId, ...guard.args],
        },
        ...rotationStatements(roomId, opts.nextKey, nowIso()),
        { sql: REPAIR_OWNERSHIP[0]!, args: [roomId] },
        { sql: REPAIR_OWNERSHIP[1]!, args: [roomId, roomId] },
      ],
      'write',
    );
    const version = rotated!.rows[0]?.key_version;
    return { removed: deleted!.rows.length > 0, keyVersion: version == null ? null : Number(version) };
  }

  /** Members with role admin plus the owner, owner first. */
  async admins(roomId: number): Promise<RoomAdmin[]> {
    const rs = await this.db.execute({
      sql: `SELECT u.id, u.nickname, u.profile_image
            FROM room_members rm JOIN rooms r ON r.id = rm.room_id JOIN users u ON u.id = rm.user_id
            WHERE rm.room_id = ? AND (rm.role = 'admin' OR rm.user_id = r.created_by)
            ORDER BY rm.user_id = r.created_by DESC, rm.user_id`,
      args: [roomId],
    });
    return rs.rows.map((r) => ({
      id: Number(r.id),
      nickname: String(r.nickname),
      profile_image: r.profile_image ? String(r.profile_image) : null,
      role: 'admin' as const,
    }));
  }

  /** Promote, or demote while another admin remains. Demoting the owner hands `created_by` to
   * the lowest-id other admin first, so the demotion takes effect (the origin's owner stayed
   * admin through created_by and the demotion silently did nothing). One write transaction. */
  async setAdmin(roomId: number, userId: number, isAdmin: boolean): Promise<SetAdminResult> {
    if (isAdmin) {
      const rs = await this.db.execute({
        sql: "UPDATE room_members SET role = 'admin' WHERE room_id = ? AND user_id = ?",
        args: [roomId, userId],
      });
      return rs.rowsAffected > 0 ? 'ok' : 'not_member';
    }
    const [member, , demoted] = await this.db.batch(
      [
        { sql: 'SELECT 1 FROM room_members WHERE room_id = ? AND user_id = ?', args: [roomId, userId] },
        {
          sql: `UPDATE rooms SET created_by = (
                  SELECT MIN(user_id) FROM room_members WHERE room_id = rooms.id AND role = 'admin' AND user_id <> ?)
                WHERE id = ? AND created_by = ?
                  AND EXISTS (SELECT 1 FROM room_members WHERE room_id = rooms.id AND role = 'admin' AND user_id <> ?)`,
          args: [userId, roomId, userId, userId],
        },
        {
          sql: `UPDATE room_members SET role = 'member'
                WHERE room_id = ? AND user_id = ? AND user_id IS NOT (SELECT created_by FROM rooms WHERE id = ?)
                  AND ${OTHER_ADMIN_EXISTS}`,
          args: [roomId, userId, roomId, roomId, userId],
        },
      ],
      'write',
    );
    if (member!.rows.length === 0) return 'not_member';
    return demoted!.rowsAffected > 0 ? 'ok' : 'last_admin';
  }
}
