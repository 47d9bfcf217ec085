import type { Row } from '@libsql/client';
import type { RoomAdmin } from '../../protocol/rest/admins.ts';
import type { RoomMember } from '../../protocol/rest/members.ts';
import type { RoomType } from '../../protocol/rest/rooms.ts';
import type { Db } from '../db/client.ts';
import { nowIso } from '../db/time.ts';
import { roomMembers } from './members-query.ts';

/** Room model. `created_by` is the room's owner record: the owner is always an admin and its
 * role column is kept at 'admin' (creation, reassignment and promotion all keep it so), which
 * makes `Membership.role` (role = 'admin' OR owner) and the stored roles agree. */

export interface RoomRow {
  id: number;
  name: string | null;
  type: RoomType;
  createdBy: number | null;
  createdAt: string;
}

export type SetAdminResult = 'ok' | 'not_member' | 'last_admin';

export const bit = (v: unknown): 0 | 1 => (Number(v) === 1 ? 1 : 0);
export const strOrNull = (v: unknown) => (v == null ? null : String(v));
const marks = (n: number) => Array.from({ length: n }, () => '?').join(',');

export function toRoom(r: Row): RoomRow {
  return {
    id: Number(r.id),
    name: strOrNull(r.name),
    type: r.type === 'direct' ? 'direct' : 'group',
    createdBy: r.created_by == null ? null : Number(r.created_by),
    createdAt: String(r.created_at),
  };
}

/** The direct rooms holding exactly users ? and ? (args: a, b). */
const DIRECT_PAIR = `
  FROM room_members a JOIN rooms r ON r.id = a.room_id AND r.type = 'direct'
  WHERE a.user_id = ? AND EXISTS (SELECT 1 FROM room_members b WHERE b.room_id = a.room_id AND b.user_id = ?)
    AND (SELECT COUNT(*) FROM room_members c WHERE c.room_id = a.room_id) = 2`;

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

export class RoomStore {
  constructor(private readonly db: Db) {}

  /** The ids among `ids` that belong to approved accounts (unknown ones are dropped silently). */
  async approvedUserIds(ids: number[]): Promise<number[]> {
    if (ids.length === 0) return [];
    const rs = await this.db.execute({
      sql: `SELECT id FROM users WHERE id IN (${marks(ids.length)}) AND approval_status = 'approved' ORDER BY id`,
      args: ids,
    });
    return rs.rows.map((r) => Number(r.id));
  }

  async nicknames(ids: number[]): Promise<Map<number, string>> {
    if (ids.length === 0) return new Map();
    const rs = await this.db.execute({ sql: `SELECT id, nickname FROM users WHERE id IN (${marks(ids.length)})`, args: ids });
    return new Map(rs.rows.map((r) => [Number(r.id), String(r.nickname)]));
  }

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

  members(roomId: number): Promise<RoomMember[]> {
    return roomMembers(this.db, roomId);
  }

  /** Adds the approved users among `userIds` who are not members yet, into a group room the
   * inviter still belongs to (re-checked in the statement). Invitees' read pointers start at the
   * latest message, so the history they can read does not show up as thousands unread.
   * Returns the ids actually added. */
  async invite(roomId: number, inviterId: number, userIds: number[]): Promise<number[]> {
    const rs = await this.db.execute({
      sql: `INSERT OR IGNORE INTO room_members (room_id, user_id, role, joined_at, last_read_message_id)
            SELECT r.id, u.id, 'member', ?, COALESCE((SELECT MAX(m.id) FROM messages m WHERE m.room_id = r.id), 0)
            FROM rooms r JOIN users u ON u.id IN (${marks(userIds.length)}) AND u.approval_status = 'approved'
            WHERE r.id = ? AND r.type = 'group'
              AND EXISTS (SELECT 1 FROM room_members i WHERE i.room_id = r.id AND i.user_id = ?)
            RETURNING user_id`,
      args: [nowIso(), ...userIds, roomId, inviterId],
    });
    return rs.rows.map((r) => Number(r.user_id)).sort((x, y) => x - y);
  }

  /** Leave (no `kickedBy`) or kick, with the ownership repair, in one write transaction. A kick
   * re-checks inside it that the kicker is an admin and the target is not. False when nothing
   * was removed. */
  async removeMember(roomId: number, userId: number, kickedBy?: number): Promise<boolean> {
    const guard =
      kickedBy === undefined
        ? { sql: '', args: [] as number[] }
        : {
            sql: `AND role <> 'admin' AND user_id IS NOT (SELECT created_by FROM rooms WHERE id = ?)
                  AND EXISTS (SELECT 1 FROM room_members k JOIN rooms r ON r.id = k.room_id
                              WHERE k.room_id = ? AND k.user_id = ? AND (k.role = 'admin' OR k.user_id = r.created_by))`,
            args: [roomId, roomId, kickedBy],
          };
    const [deleted] = await this.db.batch(
      [
        {
          sql: `DELETE FROM room_members WHERE room_id = ? AND user_id = ? ${guard.sql} RETURNING user_id`,
          args: [roomId, userId, ...guard.args],
        },
        { sql: REPAIR_OWNERSHIP[0]!, args: [roomId] },
        { sql: REPAIR_OWNERSHIP[1]!, args: [roomId, roomId] },
      ],
      'write',
    );
    return deleted!.rows.length > 0;
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
