import type { Reaction } from '../../protocol/rest/messages.ts';
import { DELETED_CONTENT } from '../../protocol/message-content.ts';
import type { Db } from '../db/client.ts';
import { nowIso } from '../db/time.ts';
import type { ReadPointer } from '../../protocol/unread.ts';
import { groupReactions, mentionsOf } from './view.ts';

/** The stored message with its sender's name/avatar and the replied-to preview (same room only: a
 * reply_to into another room shows nothing), as expressions of one message row named `m`. Sender
 * and reply are correlated subqueries, not joins, so the same list serves a SELECT (`m` an alias)
 * and the writer's INSERT ... RETURNING (`m` the table itself: no alias is visible there). One
 * definition for new_message (the writer), the messages page and catch-up. */
const viewColumns = (m: string): Array<[string, string]> => {
  const reply = (expr: string) => `(SELECT ${expr} FROM messages r WHERE r.id = ${m}.reply_to AND r.room_id = ${m}.room_id)`;
  return [
    ['id', `${m}.id`],
    ['room_id', `${m}.room_id`],
    ['sender_id', `${m}.sender_id`],
    ['content', `${m}.content`],
    ['encrypted', `${m}.encrypted`],
    ['message_type', `${m}.message_type`],
    ['file_path', `${m}.file_path`],
    ['file_name', `${m}.file_name`],
    // Only image messages have a thumbnail: text rows never pay for the lookup.
    ['thumbnail_path', `CASE WHEN ${m}.message_type = 'image' THEN (SELECT f.thumbnail_path FROM room_files f WHERE f.message_id = ${m}.id) END`],
    ['file_size', `CASE WHEN ${m}.message_type IN ('file', 'image') THEN (SELECT f.file_size FROM room_files f WHERE f.message_id = ${m}.id) END`],
    ['client_msg_id', `${m}.client_msg_id`],
    ['reply_to', `${m}.reply_to`],
    ['created_at', `${m}.created_at`],
    ['edited_at', `${m}.edited_at`],
    ['sender_name', `(SELECT u.nickname FROM users u WHERE u.id = ${m}.sender_id)`],
    ['sender_image', `(SELECT u.profile_image FROM users u WHERE u.id = ${m}.sender_id)`],
    ['reply_content', reply('r.content')],
    ['reply_sender', reply('(SELECT ru.nickname FROM users ru WHERE ru.id = r.sender_id)')],
    ['reply_key_version', reply('r.key_version')],
    ['system_payload', `${m}.system_payload`],
    ['mentions', `${m}.mentions`],
    ['key_version', `${m}.key_version`],
  ];
};

/** The view's columns of the message row named `m`, for a SELECT list or a RETURNING clause. */
export const messageViewColumns = (m: string) => viewColumns(m).map(([name, expr]) => `${expr} AS ${name}`).join(', ');

/** The same columns as `json_object` arguments, for pages built as one JSON value in SQL. */
const VIEW_JSON_FIELDS = viewColumns('m').map(([name, expr]) => `'${name}', ${expr}`).join(', ');

/** The sender may change the message only while still a member of its room (origin: forever). */
const SENDER_MEMBER_GUARD = `sender_id = ? AND EXISTS (SELECT 1 FROM room_members rm WHERE rm.room_id = messages.room_id AND rm.user_id = ?)`;

export interface PageQuery {
  /** The member reading: only messages of key versions they may hold are listed. */
  viewerId: number;
  beforeId?: number;
  afterId?: number;
  limit: number;
}

/** A page row: the view's columns plus the message's reactions in order. */
export interface PageRow {
  id: number;
  sender_id: number | null;
  reactions: Array<{ emoji: string; user_id: number }>;
  [column: string]: unknown;
}

/** What the latest page of a room depends on, read in one query before the page (page-cache.ts
 * compares it): the room's and the users' page versions (migration 10's triggers move them on
 * every change a page shows), the reader's first readable key version, and the members' read
 * pointers as text. */
export interface PageStamp {
  version: string;
  joinedKeyVersion: number;
  reads: string;
}

/** What a mutation needs to decide who may change a message. Membership is read from the table
 * (not the cache) in the same query: it guards writes. */
export interface MessageFacts {
  roomId: number;
  senderId: number | null;
  messageType: string;
  deleted: boolean;
  callerIsMember: boolean;
  /** The room's current key version: encrypted edits must be sealed with it. */
  roomKeyVersion: number;
}

export class MessageRepo {
  constructor(private readonly db: Db) {}

  /** One page of a room's history, ascending by id. Without after_id: the latest `limit` below
   * before_id; with after_id (catch-up): the first `limit` above it, still below before_id if
   * given. SQLite builds the page as one JSON array (one row, one column): far cheaper than one
   * driver row object per message, which dominated the cost of this hot endpoint. */
  async page(roomId: number, q: PageQuery): Promise<PageRow[]> {
    return (await this.pageWithSize(roomId, q)).rows;
  }

  /** page(), with the length of the JSON it was read from (what a cache of it holds). */
  async pageWithSize(roomId: number, q: PageQuery): Promise<{ rows: PageRow[]; chars: number }> {
    // From the reader's join on: messages of earlier key versions are not theirs to read.
    const where = ['room_id = ?', 'key_version >= (SELECT joined_key_version FROM room_members WHERE room_id = ? AND user_id = ?)'];
    const args: number[] = [roomId, roomId, q.viewerId];
    if (q.beforeId !== undefined) {
      where.push('id < ?');
      args.push(q.beforeId);
    }
    if (q.afterId !== undefined) {
      where.push('id > ?');
      args.push(q.afterId);
    }
    // Catch-up reads forward from after_id; history reads backward from before_id (or the end).
    const forward = q.afterId !== undefined;
    const rs = await this.db.execute({
      sql: `SELECT json_group_array(json_object(${VIEW_JSON_FIELDS},
              'reactions', (SELECT json_group_array(json_object('emoji', x.emoji, 'user_id', x.user_id))
                            FROM (SELECT emoji, user_id FROM message_reactions WHERE message_id = m.id ORDER BY id) x)
            )) AS page
            FROM (SELECT * FROM messages WHERE ${where.join(' AND ')} ORDER BY id ${forward ? 'ASC' : 'DESC'} LIMIT ?) m`,
      args: [...args, q.limit],
    });
    // Ascending by id, sorted here: sqld's parser refuses an aggregate's ORDER BY (json_group_array(… ORDER BY …)).
    const text = String(rs.rows[0]?.page ?? '[]');
    return { rows: (JSON.parse(text) as PageRow[]).sort((a, b) => a.id - b.id), chars: text.length };
  }

  /** What the latest page depends on (see page-cache.ts), in one query: null when the reader is not
   * a member (any more). Read before the page, so a cached page is never older than its stamp. */
  async pageStamp(roomId: number, viewerId: number): Promise<(PageStamp & { pointers: ReadPointer[] }) | null> {
    const rs = await this.db.execute({
      sql: `SELECT (SELECT version FROM page_versions WHERE room_id = ?) AS room_version,
                   (SELECT version FROM page_versions WHERE room_id = 0) AS users_version,
                   (SELECT joined_key_version FROM room_members WHERE room_id = ? AND user_id = ?) AS joined_key_version,
                   (SELECT group_concat(user_id || ':' || last_read_message_id) FROM room_members WHERE room_id = ?) AS reads`,
      args: [roomId, roomId, viewerId, roomId],
    });
    const r = rs.rows[0];
    if (!r || r.joined_key_version == null) return null;
    const reads = String(r.reads ?? '');
    const pointers = reads
      ? reads.split(',').map((pair) => {
          const [userId, lastRead] = pair.split(':');
          return { userId: Number(userId), lastRead: Number(lastRead) };
        })
      : [];
    return { version: `${Number(r.room_version ?? 0)}:${Number(r.users_version ?? 0)}`, joinedKeyVersion: Number(r.joined_key_version), reads, pointers };
  }

  async facts(messageId: number, callerId: number): Promise<MessageFacts | null> {
    const rs = await this.db.execute({
      sql: `SELECT m.room_id, m.sender_id, m.message_type, m.deleted_at IS NOT NULL AS deleted,
                   EXISTS (SELECT 1 FROM room_members rm WHERE rm.room_id = m.room_id AND rm.user_id = ?) AS member,
                   (SELECT key_version FROM rooms r WHERE r.id = m.room_id) AS room_key_version
            FROM messages m WHERE m.id = ?`,
      args: [callerId, messageId],
    });
    const r = rs.rows[0];
    if (!r) return null;
    return {
      roomId: Number(r.room_id),
      senderId: r.sender_id == null ? null : Number(r.sender_id),
      messageType: String(r.message_type),
      deleted: Number(r.deleted) === 1,
      callerIsMember: Number(r.member) === 1,
      roomKeyVersion: Number(r.room_key_version ?? 1),
    };
  }

  /** The message a sender already sent with this client_msg_id in this room (a resend), if any. */
  async byClientMsgId(roomId: number, senderId: number, clientMsgId: string): Promise<number | null> {
    const rs = await this.db.execute({
      sql: 'SELECT id FROM messages WHERE room_id = ? AND sender_id = ? AND client_msg_id = ?',
      args: [roomId, senderId, clientMsgId],
    });
    return rs.rows[0] ? Number(rs.rows[0].id) : null;
  }

  /** Whether message `messageId` is in room `roomId` (a reply target, a read pointer). */
  async inRoom(messageId: number, roomId: number): Promise<boolean> {
    const rs = await this.db.execute({ sql: 'SELECT 1 FROM messages WHERE id = ? AND room_id = ?', args: [messageId, roomId] });
    return rs.rows.length > 0;
  }

  /** Sets content, the `encrypted` flag, edited_at and the key version (the room's current one,
   * which encrypted content must be sealed with), guarded by the same conditions the caller
   * checked (a leave, delete or key rotation landing in between cannot slip through). Given
   * mentions replace the stored ones, the room's members only. Null if nothing matched, else the
   * mentions the message now has. */
  async edit(
    messageId: number,
    userId: number,
    edit: { content: string; encrypted: boolean; keyVersion: number; editedAt: string; mentions?: number[] },
  ): Promise<{ mentions: number[] } | null> {
    const current = '(SELECT r.key_version FROM rooms r WHERE r.id = messages.room_id)';
    const given = edit.mentions === undefined ? null : JSON.stringify(edit.mentions);
    // '[]' and no mention at all are stored alike: NULL, as a send stores them.
    const members = `(SELECT CASE WHEN count(*) > 0 THEN json_group_array(j.value) END FROM json_each(?) j
                      WHERE EXISTS (SELECT 1 FROM room_members rm WHERE rm.room_id = messages.room_id AND rm.user_id = j.value))`;
    const [rs] = await this.db.batch(
      [
        {
          sql: `UPDATE messages SET content = ?, encrypted = ?, edited_at = ?, key_version = ${current},
                  mentions = CASE WHEN ? IS NULL THEN mentions ELSE ${members} END
                WHERE id = ? AND deleted_at IS NULL AND message_type = 'text' AND ${SENDER_MEMBER_GUARD}
                  AND (? = 0 OR ? = ${current})
                RETURNING mentions`,
          args: [edit.content, edit.encrypted ? 1 : 0, edit.editedAt, given, given, messageId, userId, userId, edit.encrypted ? 1 : 0, edit.keyVersion],
        },
      ],
      'write',
    );
    const row = rs!.rows[0];
    return row ? { mentions: mentionsOf(row.mentions).mentions ?? [] } : null;
  }

  /** Soft delete (origin): placeholder content, encrypted 0, file fields cleared, message_type
   * kept; the room's file row goes too, and its stored paths are returned for removal from disk.
   * Null when nothing matched. */
  async softDelete(messageId: number, userId: number): Promise<{ files: string[] } | null> {
    const [files, rs] = await this.db.batch(
      [
        { sql: 'SELECT file_path, thumbnail_path FROM room_files WHERE message_id = ?', args: [messageId] },
        {
          sql: `UPDATE messages SET content = ?, encrypted = 0, file_path = NULL, file_name = NULL, deleted_at = ?
                WHERE id = ? AND deleted_at IS NULL AND ${SENDER_MEMBER_GUARD}`,
          args: [DELETED_CONTENT, nowIso(), messageId, userId, userId],
        },
        {
          sql: 'DELETE FROM room_files WHERE message_id = ? AND EXISTS (SELECT 1 FROM messages WHERE id = ? AND deleted_at IS NOT NULL)',
          args: [messageId, messageId],
        },
      ],
      'write',
    );
    if (rs!.rowsAffected === 0) return null;
    return { files: files!.rows.flatMap((r) => [r.file_path, r.thumbnail_path]).filter((p): p is string => typeof p === 'string') };
  }

  /** Toggle in one transaction: remove the caller's reaction with this emoji; if there was none,
   * add it (`changes()` is the DELETE's count). Null when the caller may not react (not a member,
   * message deleted) by the time the transaction runs. */
  async toggleReaction(messageId: number, userId: number, emoji: string): Promise<'added' | 'removed' | null> {
    const mayReact = `EXISTS (SELECT 1 FROM messages m JOIN room_members rm ON rm.room_id = m.room_id
                              WHERE m.id = ? AND rm.user_id = ? AND m.deleted_at IS NULL)`;
    const [removed, added] = await this.db.batch(
      [
        {
          sql: `DELETE FROM message_reactions WHERE message_id = ? AND user_id = ? AND emoji = ? AND ${mayReact}`,
          args: [messageId, userId, emoji, messageId, userId],
        },
        {
          sql: `INSERT INTO message_reactions (message_id, user_id, emoji) SELECT ?, ?, ? WHERE changes() = 0 AND ${mayReact}`,
          args: [messageId, userId, emoji, messageId, userId],
        },
      ],
      'write',
    );
    if (removed!.rowsAffected > 0) return 'removed';
    return added!.rowsAffected > 0 ? 'added' : null;
  }

  /** Reactions of one message, grouped. */
  async reactions(messageId: number): Promise<Reaction[]> {
    const rs = await this.db.execute({
      sql: 'SELECT emoji, user_id FROM message_reactions WHERE message_id = ? ORDER BY id',
      args: [messageId],
    });
    return groupReactions(rs.rows.map((r) => ({ emoji: String(r.emoji), user_id: Number(r.user_id) })));
  }
}
