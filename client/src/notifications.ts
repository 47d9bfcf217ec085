import type { NewMessageEvent } from '../../protocol/events.ts';
import type { Platform } from './platform/types.ts';
import { previewOf } from './rooms/preview.ts';
import type { Rooms } from './rooms/store.ts';

/** A desktop notification for an incoming message, unless the user is looking at that room, or
 * muted it (the origin ignored mute and focus and showed no content). The title names the
 * sender (and the group); the body is the list preview: decrypted text when we could read it. */
export function notifyIncoming(platform: Platform, rooms: Rooms, me: number | null, m: NewMessageEvent, text: string | null): void {
  if (m.sender_id === me || m.message_type === 'system') return;
  const room = rooms.byId(m.room_id);
  if (room?.muted === 1) return;
  if (rooms.current.value === m.room_id && platform.isFocused()) return;
  const sender = m.sender_name ?? room?.name ?? '';
  const title = room?.type === 'group' && room.name ? `${sender} · ${room.name}` : sender;
  platform.notify(title, previewOf(m, text));
}
