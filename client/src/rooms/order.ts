import type { RoomListItem } from '../../../protocol/rest/rooms.ts';

const time = (r: RoomListItem) => (r.last_message_time ? Date.parse(r.last_message_time) : null);

/** The list order of the server (and the origin): pinned first, then by last message time, newest
 * first; rooms without messages last; ties by id, newest first. */
export function compareRooms(a: RoomListItem, b: RoomListItem): number {
  if (a.pinned !== b.pinned) return b.pinned - a.pinned;
  const ta = time(a);
  const tb = time(b);
  if (ta === null || tb === null) {
    if (ta !== tb) return ta === null ? 1 : -1;
  } else if (ta !== tb) return tb - ta;
  return b.id - a.id;
}

/** What the list shows. A reload that changes none of it is not re-published, so the list does not
 * re-render every time an event triggers a reload. The origin's signature was (id, name,
 * last_message_time, unread_count, pinned, preview); muted, the member count and the direct
 * partner's presence/avatar are shown too, so a change to them must not be swallowed. */
export function listSignature(rooms: readonly RoomListItem[]): string {
  return JSON.stringify(
    rooms.map((r) => [
      r.id,
      r.name,
      r.last_message_time,
      r.unread_count,
      r.pinned,
      r.muted,
      r.last_message_preview,
      r.member_count,
      r.partner?.status ?? null,
      r.partner?.last_seen_at ?? null,
      r.partner?.profile_image ?? null,
    ]),
  );
}
