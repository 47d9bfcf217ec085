import type { NewMessageEvent } from '../../protocol/events.ts';
import type { RoomListItem } from '../../protocol/rest/rooms.ts';
import type { SessionUser } from './net/session.ts';
import type { Platform } from './platform/types.ts';
import { previewOf } from './rooms/preview.ts';
import type { Rooms } from './rooms/store.ts';

export interface NotifyContext {
  me: Pick<SessionUser, 'id' | 'username' | 'nickname'> | null;
  room: Pick<RoomListItem, 'muted'> | undefined;
  /** The room open in the window (null: none). */
  openRoomId: number | null;
  focused: boolean;
}

/** A notification body has room for more than a list line; the OS cuts what it cannot show. */
const NOTIFICATION_CHARS = 120;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `@nickname` or `@username` in the text, any case, as a word of its own (not inside an e-mail
 * address, not the start of a longer name). */
export function mentionsMe(text: string | null, me: NotifyContext['me']): boolean {
  if (!text || !me) return false;
  return [me.nickname, me.username].some((name) => name && new RegExp(`(?<![\\p{L}\\p{N}_])@${escape(name)}(?![\\p{L}\\p{N}_])`, 'iu').test(text));
}

/** The rule, browser and desktop alike: never my own or a system message; never a muted room
 * unless it mentions me (by id in `mentions`, or `@name` in the text of an older client); otherwise unless I am looking at that room (open, window focused).
 * `decrypted` is the text of an encrypted message when we could read it. */
export function shouldNotify(
  m: Pick<NewMessageEvent, 'room_id' | 'sender_id' | 'message_type' | 'content' | 'encrypted' | 'mentions'>,
  decrypted: string | null,
  ctx: NotifyContext,
): boolean {
  if (m.message_type === 'system' || (ctx.me && m.sender_id === ctx.me.id)) return false;
  const text = m.message_type !== 'text' ? null : m.encrypted ? decrypted : m.content;
  const mentioned = (ctx.me !== null && (m.mentions ?? []).includes(ctx.me.id)) || mentionsMe(text, ctx.me);
  if (ctx.room?.muted === 1 && !mentioned) return false;
  return m.room_id !== ctx.openRoomId || !ctx.focused;
}

/** The notification for an incoming message, if the rule wants one. The title names the sender
 * (and the group); the body is the list preview's rule with up to 120 characters, with the
 * decrypted text when we could read it (the room keys are loaded at the first need). */
export function notifyIncoming(
  platform: Pick<Platform, 'notify' | 'isFocused'>,
  rooms: Pick<Rooms, 'byId' | 'current'>,
  me: NotifyContext['me'],
  m: NewMessageEvent,
  text: string | null,
): void {
  const room = rooms.byId(m.room_id);
  if (!shouldNotify(m, text, { me, room, openRoomId: rooms.current.value, focused: platform.isFocused() })) return;
  const sender = m.sender_name ?? room?.name ?? '';
  const title = room?.type === 'group' && room.name ? `${sender} · ${room.name}` : sender;
  platform.notify(title, previewOf(m, text, NOTIFICATION_CHARS));
}
