import type { Locale } from '../../protocol/locale.ts';
import { previewText } from '../../protocol/preview.ts';
import type { RoomMemberSummary } from '../../protocol/rest/members.ts';
import type { MessageType } from '../../protocol/rest/messages.ts';
import type { RoomListItem } from '../../protocol/rest/rooms.ts';
import type { RoomListRow, RoomRepo } from './repo.ts';

function toItem(row: RoomListRow, locale: Locale): RoomListItem {
  const { last } = row;
  const encryptedText = last?.type === 'text' && last.encrypted === 1;
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
    last_message: last && !encryptedText ? last.content : null,
    last_message_type: last ? (last.type as MessageType) : null,
    last_message_time: last?.time ?? null,
    last_message_encrypted: last?.encrypted ?? null,
    last_message_file_name: last?.fileName ?? null,
    last_message_id: last?.id ?? null,
    last_message_ciphertext: encryptedText ? last.content : null,
    last_message_key_version: last?.keyVersion ?? null,
    unread_count: row.unreadCount,
    // The origin's preview strings in the caller's language (Korean by default, as the origin).
    last_message_preview: previewText(
      last && { message_type: last.type, content: last.content, encrypted: last.encrypted, file_name: last.fileName, system: last.system },
      locale,
    ),
    last_message_system: last?.system ?? null,
  };
}

/** GET /api/rooms: two queries whatever the number of rooms (rooms, then members of all of
 * them); the second is skipped when nothing needs members. */
export async function roomList(repo: RoomRepo, userId: number, includeMembers: boolean, locale: Locale): Promise<RoomListItem[]> {
  const rows = await repo.list(userId);
  const needMembers = includeMembers ? rows.length > 0 : rows.some((r) => r.type === 'direct');
  const byRoom = new Map<number, RoomMemberSummary[]>();
  if (needMembers) {
    for (const m of await repo.listMembers(userId, includeMembers)) {
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
