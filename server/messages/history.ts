import type { MessageItem, MessagesResponse } from '../../protocol/rest/messages.ts';
import { unreadCounter } from '../../protocol/unread.ts';
import type { MemberRepo } from '../members/repo.ts';
import type { RoomKeys } from '../rooms/room-keys.ts';
import type { MessageRepo, PageQuery } from './repo.ts';
import { groupReactions, rowToView } from './view.ts';

/** GET /api/rooms/:id/messages for a member (the caller checked): a page with each message's
 * unread count and reactions, plus, with include_meta, the members and the room key. Two queries
 * whatever the page size (the page as one JSON value, then members or read pointers; the room key
 * is cached). Never touches the read pointer. */
export async function messagesPage(
  deps: { messages: MessageRepo; members: MemberRepo; roomKeys: RoomKeys },
  roomId: number,
  q: PageQuery & { includeMeta: boolean },
): Promise<MessagesResponse> {
  const [page, members, key] = await Promise.all([
    deps.messages.page(roomId, q),
    q.includeMeta ? deps.members.members(roomId) : null,
    q.includeMeta ? deps.roomKeys.forRoom(roomId) : null,
  ]);
  const reads = members ? members.map((m) => ({ userId: m.id, lastRead: m.last_read_message_id })) : await deps.members.readPointers(roomId);
  const unread = unreadCounter(reads);
  const messages: MessageItem[] = page.map((r) => ({ ...rowToView(r, unread(r.id, r.sender_id)), reactions: groupReactions(r.reactions) }));
  return members ? { messages, members, encryption_key: key } : { messages };
}
