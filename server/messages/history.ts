import type { MessageItem, MessagesResponse } from '../../protocol/rest/messages.ts';
import { type ReadPointer, unreadCounter } from '../../protocol/unread.ts';
import { JsonText } from '../http/json-text.ts';
import type { MemberRepo } from '../members/repo.ts';
import type { KeyRepo } from '../keys/repo.ts';
import type { RoomKeys } from '../keys/room-keys.ts';
import { LatestPageCache } from './page-cache.ts';
import type { MessageRepo, PageQuery, PageRow } from './repo.ts';
import { groupReactions, rowToView } from './view.ts';

export interface HistoryDeps {
  messages: MessageRepo;
  members: MemberRepo;
  keys: KeyRepo;
  roomKeys: RoomKeys;
  pageCache: LatestPageCache;
}

type PageRequest = PageQuery & { includeMeta: boolean };

/** GET /api/rooms/:id/messages for a member (the caller checked): a page with each message's
 * unread count and reactions, plus, with include_meta, the members and the caller's room keys.
 * Two queries whatever the page size (the page as one JSON value, then members or read pointers),
 * plus the keys with meta. Only messages of the key versions the caller may hold (from their
 * join on) are listed. Never touches the read pointer. The latest page (no before_id/after_id),
 * what every room open asks for, comes from the cache while its stamp is unchanged. */
export async function messagesPage(deps: HistoryDeps, roomId: number, q: PageRequest): Promise<MessagesResponse | JsonText<MessagesResponse>> {
  if (q.beforeId === undefined && q.afterId === undefined) {
    const latest = await latestPage(deps, roomId, q);
    if (latest) return latest;
  }
  const [page, meta] = await Promise.all([deps.messages.page(roomId, q), q.includeMeta ? roomMeta(deps, roomId, q.viewerId) : null]);
  const reads = meta ? meta.reads : await deps.members.readPointers(roomId);
  return respond(page, reads, meta);
}

async function latestPage(deps: HistoryDeps, roomId: number, q: PageRequest): Promise<MessagesResponse | JsonText<MessagesResponse> | null> {
  const [stamp, meta] = await Promise.all([deps.messages.pageStamp(roomId, q.viewerId), q.includeMeta ? roomMeta(deps, roomId, q.viewerId) : null]);
  if (!stamp) return null; // removed since the access check: the plain path answers as it always did
  const cache = deps.pageCache;
  const key = LatestPageCache.key(roomId, q.limit, stamp.joinedKeyVersion);
  if (!meta) {
    const text = cache.body(key, stamp.version, stamp.reads);
    if (text !== null) return new JsonText(text);
  }
  let rows = cache.rows(key, stamp.version);
  if (!rows) {
    const read = await deps.messages.pageWithSize(roomId, q);
    rows = read.rows;
    cache.setRows(key, stamp.version, rows, read.chars);
  }
  if (meta) return respond(rows, meta.reads, meta);
  const text = JSON.stringify(respond(rows, stamp.pointers, null));
  cache.setBody(key, stamp.version, stamp.reads, text);
  return new JsonText(text);
}

async function roomMeta(deps: HistoryDeps, roomId: number, viewerId: number) {
  const [members, rings] = await Promise.all([deps.members.members(roomId), deps.keys.rings(viewerId, roomId)]);
  const ring = rings[0];
  // Removed between the access check and now: no key.
  const keys = ring ? deps.roomKeys.ring(ring) : { encryption_key: null, key_version: 1, encryption_keys: [] };
  return { members, keys, reads: members.map((m): ReadPointer => ({ userId: m.id, lastRead: m.last_read_message_id })) };
}

function respond(page: readonly PageRow[], reads: readonly ReadPointer[], meta: Awaited<ReturnType<typeof roomMeta>> | null): MessagesResponse {
  const unread = unreadCounter(reads);
  const messages = page.map((r) => {
    const item = rowToView(r, unread(r.id, r.sender_id)) as MessageItem;
    item.reactions = groupReactions(r.reactions); // assigned, not spread: see rowToView
    return item;
  });
  return meta ? { messages, members: meta.members, ...meta.keys } : { messages };
}
