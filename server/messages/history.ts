import type { MessageItem, MessagesResponse } from '../../protocol/rest/messages.ts';
import { unreadCounter } from '../../protocol/unread.ts';
import type { MemberRepo } from '../members/repo.ts';
import type { KeyRepo } from '../keys/repo.ts';
import type { RoomKeys } from '../keys/room-keys.ts';
import type { MessageRepo, PageQuery } from './repo.ts';
import { groupReactions, rowToView } from './view.ts';

/** GET /api/rooms/:id/messages for a member (the caller checked): a page with each message's
 * unread count and reactions, plus, with include_meta, the members and the caller's room keys.
 * Two queries whatever the page size (the page as one JSON value, then members or read pointers),
 * plus the keys with meta. Only messages of the key versions the caller may hold (from their
 * join on) are listed. Never touches the read pointer. */
export async function messagesPage(
  deps: { messages: MessageRepo; members: MemberRepo; keys: KeyRepo; roomKeys: RoomKeys },
  roomId: number,
  q: PageQuery & { includeMeta: boolean },
): Promise<MessagesResponse> {
  const [page, members, rings] = await Promise.all([
    deps.messages.page(roomId, q),
    q.includeMeta ? deps.members.members(roomId) : null,
    q.includeMeta ? deps.keys.rings(q.viewerId, roomId) : null,
  ]);
  const reads = members ? members.map((m) => ({ userId: m.id, lastRead: m.last_read_message_id })) : await deps.members.readPointers(roomId);
  const unread = unreadCounter(reads);
  const messages: MessageItem[] = page.map((r) => ({ ...rowToView(r, unread(r.id, r.sender_id)), reactions: groupReactions(r.reactions) }));
  if (!members) return { messages };
  const ring = rings?.[0];
  // Removed between the access check and now: no key.
  const keys = ring ? deps.roomKeys.ring(ring) : { encryption_key: null, key_version: 1, encryption_keys: [] };
  return { messages, members, ...keys };
}
