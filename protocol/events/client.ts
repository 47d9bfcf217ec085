import { z } from 'zod';
import { code, idSchema, timestampSchema } from '../common.ts';
import { ackErrorSchema } from '../envelope.ts';
import { looseId, parseLooseInt, strictId, trimmedText } from '../fields.ts';
import { applyEncryptionRule, editMentionsSchema, encryptedFlagSchema, keyVersionField, mentionsSchema, requiredContentSchema } from '../message-content.ts';

/** Payloads a client sends, and the ACK each one gets. The origin ACKed only send_message and
 * answered other failures with an `error` event or silence; every event is ACKed here (the
 * `error` event is still emitted as well, for origin clients). Ids other than send_message's may
 * arrive as decimal strings, as the origin read them with `int()`. */

/** `{ok:true, ...fields}` or the common `{ok:false, error, error_code}`. */
function ackOf<T extends z.ZodRawShape>(fields: T) {
  return z.union([z.object({ ok: z.literal(true), ...fields }), ackErrorSchema]);
}

const roomId = looseId('ROOM_ID_INVALID');
const messageId = looseId('MESSAGE_ID_INVALID');

// ---- subscribe_rooms
/** Entries that are not positive ids are skipped, as the origin did. */
export const subscribeRoomsPayloadSchema = z.object({
  room_ids: z
    .array(z.unknown(), code('ROOM_ID_INVALID'))
    .max(5000, code('ROOM_ID_INVALID'))
    .transform((items) => [...new Set(items.map(parseLooseInt).filter((n): n is number => n !== null && n > 0))]),
});
export interface SubscribeRoomsPayload {
  room_ids: number[];
}
/** The rooms actually joined (not-allowed rooms are left out without an error). */
export const subscribeRoomsAckSchema = ackOf({ room_ids: z.array(idSchema) });
export type SubscribeRoomsAck = z.infer<typeof subscribeRoomsAckSchema>;

// ---- join_room / leave_room (leave_room leaves the socket.io room only; membership is unchanged)
export const roomRefPayloadSchema = z.object({ room_id: roomId });
export interface RoomRefPayload {
  room_id: number;
}
export const roomRefAckSchema = ackOf({ room_id: idSchema });
export type RoomRefAck = z.infer<typeof roomRefAckSchema>;

// ---- send_message
/** 'system' is server-only (MESSAGE_TYPE_INVALID). Unknown types are refused too: the origin
 * coerced them to 'text', which silently dropped an upload token sent with a new type. */
export const sendableMessageTypeSchema = z.enum(['text', 'file', 'image'], code('MESSAGE_TYPE_INVALID'));

/** room_id is a strict positive integer ("5" is refused, as the origin). Content is trimmed; text
 * needs content; file/image need an upload token and are never encrypted (the server stores the
 * file name as content). `encrypted` defaults by `resolveEncrypted`; limits 200000 (encrypted) and
 * 10000 (plaintext) code points. reply_to must be a positive id (the origin nulled bad values; the
 * server still checks it is in the same room: REPLY_TO_INVALID). client_msg_id is the idempotency
 * key: trimmed, ≤ 64 (the origin truncated, which could merge two keys); '' = none. */
export const sendMessagePayloadSchema = z
  .object({
    room_id: strictId('ROOM_ID_INVALID'),
    content: z.string(code('REQUEST_INVALID')).trim().nullish().transform((v) => v ?? ''),
    type: sendableMessageTypeSchema.nullish().transform((v) => v ?? 'text'),
    encrypted: encryptedFlagSchema,
    key_version: keyVersionField,
    reply_to: strictId('REPLY_TO_INVALID').nullish().transform((v) => v ?? null),
    upload_token: trimmedText(512, 'UPLOAD_TOKEN_INVALID', 'UPLOAD_TOKEN_INVALID').nullish().transform((v) => v || null),
    client_msg_id: trimmedText(64, 'CLIENT_MSG_ID_INVALID', 'CLIENT_MSG_ID_INVALID').nullish().transform((v) => v || null),
    mentions: mentionsSchema,
  })
  .superRefine((b, ctx) => {
    if (b.type === 'text' && !b.content) ctx.addIssue({ code: 'custom', message: 'MESSAGE_CONTENT_REQUIRED', path: ['content'] });
    if (b.type !== 'text' && !b.upload_token) ctx.addIssue({ code: 'custom', message: 'UPLOAD_TOKEN_REQUIRED', path: ['upload_token'] });
  })
  .transform(applyEncryptionRule)
  .transform((b) => (b.type === 'text' ? b : { ...b, encrypted: false }));
export interface SendMessagePayload {
  room_id: number;
  /** New: user ids mentioned (the server keeps only the room's members). */
  mentions?: number[] | null;
  content?: string;
  type?: 'text' | 'file' | 'image';
  encrypted?: boolean;
  /** New: the room key version encrypted text is sealed with (absent: 1). An encrypted text
   * sealed with an older version than the room's current one is refused with ROOM_KEY_STALE. */
  key_version?: number | null;
  reply_to?: number | null;
  upload_token?: string | null;
  client_msg_id?: string | null;
}
export type SendMessage = z.output<typeof sendMessagePayloadSchema>;
/** `duplicate: true` when client_msg_id matched an earlier message: its id, and no re-broadcast. */
export const sendMessageAckSchema = ackOf({ message_id: idSchema, duplicate: z.boolean().optional() });
export type SendMessageAck = z.infer<typeof sendMessageAckSchema>;

// ---- message_read: moves the caller's read pointer forward only; broadcast read_updated
export const messageReadPayloadSchema = z.object({ room_id: roomId, message_id: messageId });
export interface MessageReadPayload {
  room_id: number;
  message_id: number;
}
export const okAckSchema = ackOf({});
export type OkAck = z.infer<typeof okAckSchema>;
/** `updated: false` when the pointer was already at or past the message (no read_updated then). */
export const messageReadAckSchema = ackOf({ updated: z.boolean() });
export type MessageReadAck = z.infer<typeof messageReadAckSchema>;

// ---- typing
/** is_typing must be a boolean (the origin relayed any value); absent = false. */
export const typingPayloadSchema = z.object({
  room_id: roomId,
  is_typing: z.boolean(code('TYPING_FLAG_NOT_BOOLEAN')).default(false),
});
export interface TypingPayload {
  room_id: number;
  is_typing?: boolean;
}
/** At most one `is_typing:true` per second per (user, room) is relayed (`throttled: true` for the
 * rest); `is_typing:false` always passes, so an indicator never sticks (the origin dropped it). */
export const typingAckSchema = ackOf({ throttled: z.boolean().optional() });
export type TypingAck = z.infer<typeof typingAckSchema>;

// ---- edit_message (sender only, still a member, message not deleted)
/** Same content rules as send_message; the origin defaulted `encrypted` to true here. */
export const editMessagePayloadSchema = z
  .object({ message_id: messageId, content: requiredContentSchema, encrypted: encryptedFlagSchema, key_version: keyVersionField, mentions: editMentionsSchema })
  .transform(applyEncryptionRule);
export interface EditMessagePayload {
  message_id: number;
  content: string;
  encrypted?: boolean;
  /** As send_message's: encrypted content must be sealed with the room's current key version. */
  key_version?: number | null;
  /** New: the user ids the new text mentions (the server keeps only the room's members); absent:
   * the message keeps its mentions, null: none. */
  mentions?: number[] | null;
}
export const editMessageAckSchema = ackOf({ message_id: idSchema, edited_at: timestampSchema });
export type EditMessageAck = z.infer<typeof editMessageAckSchema>;

// ---- delete_message (sender only, still a member; soft delete)
export const deleteMessagePayloadSchema = z.object({ message_id: messageId });
export interface DeleteMessagePayload {
  message_id: number;
}
export const deleteMessageAckSchema = ackOf({ message_id: idSchema });
export type DeleteMessageAck = z.infer<typeof deleteMessageAckSchema>;
