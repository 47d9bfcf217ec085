import type { RoomMember } from '../../protocol/rest/members.ts';
import type { MessageItem, MessagesResponse } from '../../protocol/rest/messages.ts';
import type { Services } from '../context.ts';
import type { Db } from '../db/client.ts';
import { MESSAGE_VIEW_SELECT, memberReads, reactionsOf, rowToView, unreadCounter } from './views.ts';

/** Read side of messages: the history page and the facts a mutation checks. */

export interface PageQuery {
  beforeId?: number;
  afterId?: number;
  limit: number;
  includeMeta: boolean;
}

/** One page of a room's history, ascending by id. Without after_id: the latest `limit` below
 * before_id; with after_id (catch-up): the first `limit` above it, still below before_id if given.
 * The caller has checked membership. Four queries whatever the page size (page, members or read
 * pointers, reactions, room key): no per-message lookups. Never touches the read pointer. */
export async function messagesPage(s: Services, roomId: number, q: PageQuery): Promise<MessagesResponse> {
  const membersP = q.includeMeta ? roomMembers(s.db, roomId) : null;
  const [rows, reads, members, key] = await Promise.all([
    pageRows(s.db, roomId, q),
    membersP ? membersP.then((ms) => ms.map((m) => ({ userId: m.id, lastRead: m.last_read_message_id }))) : memberReads(s.db, roomId),
    membersP,
    q.includeMeta ? roomKey(s, roomId) : null,
  ]);
  const reactions = await reactionsOf(s.db, rows.map((r) => Number(r.id)));
  const unread = unreadCounter(reads);
  const messages: MessageItem[] = rows.map((r) => {
    const id = Number(r.id);
    const view = rowToView(r, unread(id, r.sender_id == null ? null : Number(r.sender_id)));
    return { ...view, reactions: reactions.get(id) ?? [] };
  });
  return members ? { messages, members, encryption_key: key } : { messages };
}

async function pageRows(db: Db, roomId: number, q: PageQuery) {
  const where = ['m.room_id = ?'];
  const args: number[] = [roomId];
  if (q.beforeId !== undefined) {
    where.push('m.id < ?');
    args.push(q.beforeId);
  }
  if (q.afterId !== undefined) {
    where.push('m.id > ?');
    args.push(q.afterId);
  }
  // Catch-up reads forward from after_id; history reads backward from before_id (or the end).
  const forward = q.afterId !== undefined;
  const rs = await db.execute({
    sql: `${MESSAGE_VIEW_SELECT} WHERE ${where.join(' AND ')} ORDER BY m.id ${forward ? 'ASC' : 'DESC'} LIMIT ?`,
    args: [...args, q.limit],
  });
  return forward ? rs.rows : [...rs.rows].reverse();
}

export async function roomMembers(db: Db, roomId: number): Promise<RoomMember[]> {
  const rs = await db.execute({
    sql: `SELECT u.id, u.nickname, u.profile_image, u.status, rm.last_read_message_id, rm.pinned, rm.muted
          FROM room_members rm JOIN users u ON u.id = rm.user_id
          WHERE rm.room_id = ? ORDER BY u.id`,
    args: [roomId],
  });
  return rs.rows.map((r) => ({
    id: Number(r.id),
    nickname: String(r.nickname),
    profile_image: r.profile_image ? String(r.profile_image) : null,
    status: r.status === 'online' ? 'online' : 'offline',
    last_read_message_id: Number(r.last_read_message_id),
    pinned: Number(r.pinned) ? 1 : 0,
    muted: Number(r.muted) ? 1 : 0,
  }));
}

/** The unwrapped room key string; a key that does not unwrap is an error, never the raw blob. */
async function roomKey(s: Services, roomId: number): Promise<string | null> {
  const rs = await s.db.execute({ sql: 'SELECT encryption_key FROM rooms WHERE id = ?', args: [roomId] });
  const stored = rs.rows[0]?.encryption_key;
  return stored == null ? null : s.roomKeys.unwrap(String(stored));
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
