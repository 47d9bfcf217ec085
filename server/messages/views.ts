import type { Row } from '@libsql/client';
import type { MessageView, Reaction } from '../../protocol/rest/messages.ts';
import type { Db } from '../db/client.ts';

/** The stored message with its sender's name/avatar and the replied-to preview, joined from the
 * same room only (a reply_to into another room shows nothing). One definition for new_message,
 * the messages page and catch-up. */
export const VIEW_JOINS = `
  LEFT JOIN users u ON u.id = m.sender_id
  LEFT JOIN messages r ON r.id = m.reply_to AND r.room_id = m.room_id
  LEFT JOIN users ru ON ru.id = r.sender_id`;

const VIEW_COLUMNS: Array<[string, string]> = [
  ['id', 'm.id'],
  ['room_id', 'm.room_id'],
  ['sender_id', 'm.sender_id'],
  ['content', 'm.content'],
  ['encrypted', 'm.encrypted'],
  ['message_type', 'm.message_type'],
  ['file_path', 'm.file_path'],
  ['file_name', 'm.file_name'],
  ['client_msg_id', 'm.client_msg_id'],
  ['reply_to', 'm.reply_to'],
  ['created_at', 'm.created_at'],
  ['edited_at', 'm.edited_at'],
  ['sender_name', 'u.nickname'],
  ['sender_image', 'u.profile_image'],
  ['reply_content', 'r.content'],
  ['reply_sender', 'ru.nickname'],
];

export const MESSAGE_VIEW_SELECT = `SELECT ${VIEW_COLUMNS.map(([name, expr]) => `${expr} AS ${name}`).join(', ')} FROM messages m ${VIEW_JOINS}`;

/** The same columns as `json_object` arguments, for pages built as one JSON value in SQL. */
export const VIEW_JSON_FIELDS = VIEW_COLUMNS.map(([name, expr]) => `'${name}', ${expr}`).join(', ');

const str = (v: unknown) => (v == null ? null : String(v));

export function rowToView(r: Row, unreadCount: number): MessageView {
  return {
    id: Number(r.id),
    room_id: Number(r.room_id),
    sender_id: r.sender_id == null ? null : Number(r.sender_id),
    content: str(r.content),
    encrypted: Number(r.encrypted) === 1 ? 1 : 0,
    message_type: String(r.message_type) as MessageView['message_type'],
    file_path: str(r.file_path),
    file_name: str(r.file_name),
    client_msg_id: str(r.client_msg_id),
    reply_to: r.reply_to == null ? null : Number(r.reply_to),
    created_at: String(r.created_at),
    edited_at: str(r.edited_at),
    sender_name: str(r.sender_name),
    sender_image: r.sender_image ? String(r.sender_image) : null,
    reply_content: str(r.reply_content),
    reply_sender: str(r.reply_sender),
    unread_count: unreadCount,
  };
}

/** Per-message unread count from the members' read pointers: members (the sender excluded) whose
 * last_read_message_id is below the message id. Sorted pointers + binary search: O(log n) a message. */
export function unreadCounter(reads: Array<{ userId: number; lastRead: number }>): (messageId: number, senderId: number | null) => number {
  const sorted = reads.map((r) => r.lastRead).sort((a, b) => a - b);
  const byUser = new Map(reads.map((r) => [r.userId, r.lastRead]));
  return (messageId, senderId) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! < messageId) lo = mid + 1;
      else hi = mid;
    }
    const senderRead = senderId == null ? undefined : byUser.get(senderId);
    return lo - (senderRead !== undefined && senderRead < messageId ? 1 : 0);
  };
}

export async function memberReads(db: Db, roomId: number): Promise<Array<{ userId: number; lastRead: number }>> {
  const rs = await db.execute({ sql: 'SELECT user_id, last_read_message_id FROM room_members WHERE room_id = ?', args: [roomId] });
  return rs.rows.map((r) => ({ userId: Number(r.user_id), lastRead: Number(r.last_read_message_id) }));
}

/** [{emoji, user_id}] in reaction order → [{emoji, count, user_ids}] in first-use order. */
export function groupReactions(list: Array<{ emoji: string; user_id: number }>): Reaction[] {
  const out: Reaction[] = [];
  for (const { emoji, user_id } of list) {
    let entry = out.find((x) => x.emoji === emoji);
    if (!entry) out.push((entry = { emoji, count: 0, user_ids: [] }));
    entry.count += 1;
    entry.user_ids.push(user_id);
  }
  return out;
}

/** Reactions of many messages at once: message id → grouped reactions. */
export async function reactionsOf(db: Db, messageIds: number[]): Promise<Map<number, Reaction[]>> {
  const byMessage = new Map<number, Array<{ emoji: string; user_id: number }>>();
  if (messageIds.length === 0) return new Map();
  const rs = await db.execute({
    sql: `SELECT message_id, emoji, user_id FROM message_reactions
          WHERE message_id IN (${messageIds.map(() => '?').join(',')}) ORDER BY message_id, id`,
    args: messageIds,
  });
  for (const r of rs.rows) {
    const id = Number(r.message_id);
    const list = byMessage.get(id) ?? [];
    list.push({ emoji: String(r.emoji), user_id: Number(r.user_id) });
    byMessage.set(id, list);
  }
  return new Map([...byMessage].map(([id, list]) => [id, groupReactions(list)]));
}
