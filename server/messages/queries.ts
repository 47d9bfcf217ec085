import type { Row } from '@libsql/client';
import type { MessageItem, MessagesResponse } from '../../protocol/rest/messages.ts';
import type { Services } from '../context.ts';
import type { Db } from '../db/client.ts';
import { roomMembers } from '../rooms/members-query.ts';
import { VIEW_JOINS, VIEW_JSON_FIELDS, groupReactions, memberReads, rowToView, unreadCounter } from './views.ts';

/** Read side of messages: the history page and the facts a mutation checks. */

export interface PageQuery {
  beforeId?: number;
  afterId?: number;
  limit: number;
  includeMeta: boolean;
}

/** One page of a room's history, ascending by id. Without after_id: the latest `limit` below
 * before_id; with after_id (catch-up): the first `limit` above it, still below before_id if given.
 * The caller has checked membership. Two queries whatever the page size (the page with its
 * reactions as one JSON value, then members or read pointers; the room key is cached): no
 * per-message lookups. Never touches the read pointer. */
export async function messagesPage(s: Services, roomId: number, q: PageQuery): Promise<MessagesResponse> {
  const [page, members, key] = await Promise.all([
    pageRows(s.db, roomId, q),
    q.includeMeta ? roomMembers(s.db, roomId) : null,
    q.includeMeta ? s.roomKeys.forRoom(s.db, roomId) : null,
  ]);
  const reads = members ? members.map((m) => ({ userId: m.id, lastRead: m.last_read_message_id })) : await memberReads(s.db, roomId);
  const unread = unreadCounter(reads);
  const messages: MessageItem[] = page.map((r) => {
    const view = rowToView(r as unknown as Row, unread(r.id, r.sender_id));
    return { ...view, reactions: groupReactions(r.reactions) };
  });
  return members ? { messages, members, encryption_key: key } : { messages };
}

interface PageRow {
  id: number;
  sender_id: number | null;
  reactions: Array<{ emoji: string; user_id: number }>;
  [column: string]: unknown;
}

/** SQLite builds the page as one JSON array (one row, one column): far cheaper than one driver
 * row object per message, which dominated the cost of this hot endpoint. */
async function pageRows(db: Db, roomId: number, q: PageQuery): Promise<PageRow[]> {
  const where = ['room_id = ?'];
  const args: number[] = [roomId];
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
  const rs = await db.execute({
    sql: `SELECT json_group_array(json_object(${VIEW_JSON_FIELDS},
            'reactions', (SELECT json_group_array(json_object('emoji', x.emoji, 'user_id', x.user_id))
                          FROM (SELECT emoji, user_id FROM message_reactions WHERE message_id = m.id ORDER BY id) x)
          ) ORDER BY m.id) AS page
          FROM (SELECT * FROM messages WHERE ${where.join(' AND ')} ORDER BY id ${forward ? 'ASC' : 'DESC'} LIMIT ?) m
          ${VIEW_JOINS}`,
    args: [...args, q.limit],
  });
  return JSON.parse(String(rs.rows[0]?.page ?? '[]')) as PageRow[];
}

/** What a mutation needs to decide who may change a message. Membership is read from the table
 * (not the cache) in the same query: it guards writes. */
export interface MessageFacts {
  roomId: number;
  senderId: number | null;
  messageType: string;
  deleted: boolean;
  callerIsMember: boolean;
}

export async function messageFacts(db: Db, messageId: number, callerId: number): Promise<MessageFacts | null> {
  const rs = await db.execute({
    sql: `SELECT m.room_id, m.sender_id, m.message_type, m.deleted_at IS NOT NULL AS deleted,
                 EXISTS (SELECT 1 FROM room_members rm WHERE rm.room_id = m.room_id AND rm.user_id = ?) AS member
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
  };
}
