import type { Row } from '@libsql/client';
import type { MessageRow, MessageView, Reaction } from '../../protocol/rest/messages.ts';
import { type SystemPayload, systemPayloadSchema } from '../../protocol/rest/system-payload.ts';

/** A message as the wire shows it (new_message, history pages, catch-up), from a row of
 * repo.ts's messageViewColumns (the writer's RETURNING and reads) or a page's JSON object. */

const str = (v: unknown) => (v == null ? null : String(v));

/** The stored message's own columns, as every answer that carries a message shows them (history,
 * new_message, search hits). */
export function rowToMessage(r: Row | Record<string, unknown>): MessageRow {
  const m: MessageRow = {
    id: Number(r.id),
    room_id: Number(r.room_id),
    sender_id: r.sender_id == null ? null : Number(r.sender_id),
    content: str(r.content),
    encrypted: Number(r.encrypted) === 1 ? 1 : 0,
    message_type: String(r.message_type) as MessageRow['message_type'],
    file_path: str(r.file_path),
    file_name: str(r.file_name),
    client_msg_id: str(r.client_msg_id),
    reply_to: r.reply_to == null ? null : Number(r.reply_to),
    created_at: String(r.created_at),
    edited_at: str(r.edited_at),
  };
  const mentions = mentionsOf(r.mentions).mentions;
  if (mentions) m.mentions = mentions;
  return m;
}

export function rowToView(r: Row | Record<string, unknown>, unreadCount: number): MessageView {
  // Fields are assigned onto the message, never `{ ...rowToMessage(r), more }`: V8 turns a spread
  // followed by more properties into a slow object, measured at 86 µs per row against 0.12 µs
  // (half the CPU of a history page went there, and JSON.stringify of such objects is slow too).
  const v = rowToMessage(r) as MessageView;
  v.thumbnail_path = str(r.thumbnail_path);
  v.file_size = r.file_size == null ? null : Number(r.file_size);
  v.key_version = r.key_version == null ? 1 : Number(r.key_version);
  v.sender_name = str(r.sender_name);
  v.sender_image = r.sender_image ? String(r.sender_image) : null;
  v.reply_content = str(r.reply_content);
  v.reply_sender = str(r.reply_sender);
  v.reply_key_version = r.reply_key_version == null ? null : Number(r.reply_key_version);
  v.unread_count = unreadCount;
  v.system = systemPayload(r.system_payload);
  return v;
}

/** The stored JSON id list of `messages.mentions`; on the wire only when there is one. */
export function mentionsOf(stored: unknown): { mentions?: number[] } {
  if (typeof stored !== 'string') return {};
  try {
    const ids = JSON.parse(stored) as unknown;
    if (!Array.isArray(ids)) return {};
    const valid = ids.filter((x): x is number => Number.isSafeInteger(x) && x > 0);
    return valid.length > 0 ? { mentions: valid } : {};
  } catch {
    return {};
  }
}

/** The stored JSON of `messages.system_payload`; null when absent (older rows) or unreadable,
 * and the message is then shown by its content. */
export function systemPayload(stored: unknown): SystemPayload | null {
  if (typeof stored !== 'string') return null;
  try {
    const parsed = systemPayloadSchema.safeParse(JSON.parse(stored));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** [{emoji, user_id}] in reaction order → [{emoji, count, user_ids}] in first-use order. */
export function groupReactions(list: ReadonlyArray<{ emoji: string; user_id: number }>): Reaction[] {
  const out: Reaction[] = [];
  for (const { emoji, user_id } of list) {
    let entry = out.find((x) => x.emoji === emoji);
    if (!entry) out.push((entry = { emoji, count: 0, user_ids: [] }));
    entry.count += 1;
    entry.user_ids.push(user_id);
  }
  return out;
}
