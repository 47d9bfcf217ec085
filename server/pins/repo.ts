import type { Row } from '@libsql/client';
import type { Pin } from '../../protocol/rest/pins.ts';
import type { Db } from '../db/client.ts';
import { nowIso } from '../db/time.ts';

/** Room notices ("공지"): pinned messages and free-text pins. A pinned message is only ever
 * read through a pin of its own room: the insert takes it from `messages` WHERE room_id is the
 * pin's room, and the list joins it on the same condition (the origin did neither and leaked
 * other rooms' content). */

export type PinCreateResult = { id: number } | 'not_member' | 'message_not_in_room';
export type PinDeleteResult = 'ok' | 'not_found' | 'other_room' | 'not_member';

const IS_MEMBER = 'EXISTS (SELECT 1 FROM room_members WHERE room_id = ? AND user_id = ?)';

function pinOf(r: Row): Pin {
  const id = (v: unknown) => (v === null ? null : Number(v));
  return {
    id: Number(r.id),
    room_id: Number(r.room_id),
    message_id: id(r.message_id),
    content: r.content === null ? null : String(r.content),
    pinned_by: id(r.pinned_by),
    pinned_at: String(r.pinned_at),
    pinned_by_name: r.pinned_by_name === null ? null : String(r.pinned_by_name),
    message_content: r.message_content === null ? null : String(r.message_content),
    message_sender_id: id(r.message_sender_id),
    message_key_version: id(r.message_key_version),
  };
}

export class PinRepo {
  constructor(private readonly db: Db) {}

  /** Newest first. A message pin whose message is not in this room (an imported origin pin)
   * shows no message fields. */
  async list(roomId: number): Promise<Pin[]> {
    const rs = await this.db.execute({
      sql: `SELECT p.id, p.room_id, p.message_id, p.content, p.pinned_by, p.pinned_at, u.nickname AS pinned_by_name,
                   m.content AS message_content, m.sender_id AS message_sender_id, m.key_version AS message_key_version
            FROM pinned_messages p
            LEFT JOIN users u ON u.id = p.pinned_by
            LEFT JOIN messages m ON m.id = p.message_id AND m.room_id = p.room_id
            WHERE p.room_id = ? ORDER BY p.id DESC`,
      args: [roomId],
    });
    return rs.rows.map(pinOf);
  }

  /** Only while the caller is a member, and a message only from this room: both are conditions of
   * the insert itself. A message pin keeps its text '' when none is given (origin). */
  async create(roomId: number, userId: number, pin: { message_id: number | null; content: string | null }): Promise<PinCreateResult> {
    const now = nowIso();
    const rs =
      pin.message_id === null
        ? await this.db.execute({
            sql: `INSERT INTO pinned_messages (room_id, message_id, content, pinned_by, pinned_at)
                  SELECT ?, NULL, ?, ?, ? WHERE ${IS_MEMBER} RETURNING id`,
            args: [roomId, pin.content, userId, now, roomId, userId],
          })
        : await this.db.execute({
            sql: `INSERT INTO pinned_messages (room_id, message_id, content, pinned_by, pinned_at)
                  SELECT m.room_id, m.id, ?, ?, ? FROM messages m
                  WHERE m.id = ? AND m.room_id = ? AND ${IS_MEMBER} RETURNING id`,
            args: [pin.content ?? '', userId, now, pin.message_id, roomId, roomId, userId],
          });
    if (rs.rows[0]) return { id: Number(rs.rows[0].id) };
    const member = await this.db.execute({ sql: `SELECT ${IS_MEMBER} AS member`, args: [roomId, userId] });
    return Number(member.rows[0]?.member) === 1 ? 'message_not_in_room' : 'not_member';
  }

  /** Deletes the pin only when it is in `roomId` and the caller still belongs to it. */
  async delete(roomId: number, pinId: number, userId: number): Promise<PinDeleteResult> {
    const [deleted, found] = await this.db.batch(
      [
        { sql: `DELETE FROM pinned_messages WHERE id = ? AND room_id = ? AND ${IS_MEMBER}`, args: [pinId, roomId, roomId, userId] },
        { sql: 'SELECT room_id FROM pinned_messages WHERE id = ?', args: [pinId] },
      ],
      'write',
    );
    if (deleted!.rowsAffected === 1) return 'ok';
    const row = found!.rows[0];
    if (!row) return 'not_found';
    // In this room but not deleted: the caller left meanwhile.
    return Number(row.room_id) === roomId ? 'not_member' : 'other_room';
  }
}
