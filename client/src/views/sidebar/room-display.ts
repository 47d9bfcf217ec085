import type { RoomListItem } from '../../../../protocol/rest/rooms.ts';
import { clientCatalog } from '../../../../protocol/i18n/client.ts';
import { cutPreview } from '../../../../protocol/preview.ts';
import { systemText } from '../../../../protocol/system-text.ts';
import { locale, t } from '../../i18n/index.ts';

/** A room as the list and the chat header name it: direct rooms show the partner. */
export function roomName(room: RoomListItem): string {
  return (room.type === 'direct' ? room.partner?.nickname : null) ?? room.name ?? t('rooms.unnamed');
}

const encryptedPlaceholders = new Set(Object.values(clientCatalog).map((c) => c['preview.encrypted']));

/** The last-message line in the UI language. The server sends its preview in the language of
 * the request that loaded the list; placeholders and system messages with a payload are
 * re-derived here so a language switch shows at once, and text (decrypted by the state when it
 * can) is shown as given. */
export function roomPreview(room: RoomListItem): string {
  if (!room.last_message_type) return t('rooms.empty_preview');
  if (room.last_message_type === 'image') return t('preview.photo');
  if (room.last_message_type === 'file') return room.last_message_file_name || t('preview.file');
  const system = room.last_message_type === 'system' ? systemText(room.last_message_system, locale.value) : null;
  if (system !== null) return cutPreview(system);
  if (encryptedPlaceholders.has(room.last_message_preview)) return t('preview.encrypted');
  return room.last_message_preview || room.last_message || '';
}

/** The filter box: case-insensitive match on the name or the preview. */
export function filterRooms(rooms: readonly RoomListItem[], query: string): readonly RoomListItem[] {
  const q = query.trim().toLocaleLowerCase();
  if (!q) return rooms;
  return rooms.filter((r) => roomName(r).toLocaleLowerCase().includes(q) || roomPreview(r).toLocaleLowerCase().includes(q));
}

/** The "mentions" filter: rooms with unread messages that mention me. */
export function mentioningRooms(rooms: readonly RoomListItem[]): readonly RoomListItem[] {
  return rooms.filter((r) => (r.unread_mentions ?? 0) > 0);
}
