import { clientCatalog } from '../../protocol/i18n/catalogs.ts';
import type { Locale } from '../../protocol/locale.ts';
import type { MessageType } from '../../protocol/rest/messages.ts';
import type { RoomMemberSummary } from '../../protocol/rest/members.ts';
import type { RoomListItem } from '../../protocol/rest/rooms.ts';
import type { Db } from '../db/client.ts';
import { type RoomListRow, listRoomMembers, listRooms } from './list-store.ts';

const PREVIEW_CHARS = 25;

/** The origin's preview strings in the caller's language (Korean by default, as the origin):
 * '새 대화', '[사진]', the file name or '[파일]', the text cut at 25 code points + '...' (only when
 * longer, as the origin's clients), '[암호화된 메시지]'. */
export function previewOf(last: RoomListRow['last'], locale: Locale = 'ko'): string {
  const t = clientCatalog[locale];
  if (!last) return t['rooms.empty_preview']!;
  if (last.type === 'image') return t['preview.photo']!;
  if (last.type === 'file') return last.fileName || t['preview.file']!;
  if (last.type === 'text' && last.encrypted === 1) return t['preview.encrypted']!;
  const chars = Array.from(last.content ?? '');
  return chars.length > PREVIEW_CHARS ? `${chars.slice(0, PREVIEW_CHARS).join('')}...` : chars.join('');
}

function toItem(row: RoomListRow, locale: Locale): RoomListItem {
  const { last } = row;
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    created_by: row.createdBy,
    created_at: row.createdAt,
    last_read_message_id: row.lastReadMessageId,
    pinned: row.pinned,
    muted: row.muted,
    member_count: row.memberCount,
    last_message: last && !(last.type === 'text' && last.encrypted === 1) ? last.content : null,
    last_message_type: last ? (last.type as MessageType) : null,
    last_message_time: last?.time ?? null,
    last_message_encrypted: last?.encrypted ?? null,
    last_message_file_name: last?.fileName ?? null,
    unread_count: row.unreadCount,
    last_message_preview: previewOf(last, locale),
  };
}

/** GET /api/rooms: two queries whatever the number of rooms (rooms, then members of all of
 * them); the second is skipped when nothing needs members. */
export async function roomList(db: Db, userId: number, includeMembers: boolean, locale: Locale = 'ko'): Promise<RoomListItem[]> {
  const rows = await listRooms(db, userId);
  const needMembers = includeMembers ? rows.length > 0 : rows.some((r) => r.type === 'direct');
  const byRoom = new Map<number, RoomMemberSummary[]>();
  if (needMembers) {
    for (const m of await listRoomMembers(db, userId, includeMembers)) {
      const list = byRoom.get(m.room_id);
      if (list) list.push(m);
      else byRoom.set(m.room_id, [m]);
    }
  }
  return rows.map((row) => {
    const item = toItem(row, locale);
    if (row.type === 'direct') {
      const partner = byRoom.get(row.id)?.[0];
      if (partner) {
        item.partner = partner;
        item.name = partner.nickname;
      }
    } else if (includeMembers) {
      item.members = byRoom.get(row.id) ?? [];
    }
    return item;
  });
}
