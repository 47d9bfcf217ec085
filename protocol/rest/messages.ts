import { z } from 'zod';
import { bit, code, idSchema, timestampSchema } from '../common.ts';
import { clampedQueryInt, codePointLength, queryFlag, queryId } from '../fields.ts';
import { applyEncryptionRule, editMentionsSchema, encryptedFlagSchema, keyVersionField, requiredContentSchema } from '../message-content.ts';
import { roomMemberSchema } from './members.ts';
import { keyVersionSchema, roomKeyVersionSchema } from './room-keys.ts';
import { systemPayloadSchema } from './system-payload.ts';

export const messageTypeSchema = z.enum(['text', 'file', 'image', 'system']);
export type MessageType = z.infer<typeof messageTypeSchema>;

export const reactionSchema = z.object({
  emoji: z.string(),
  count: z.number().int().positive(),
  user_ids: z.array(idSchema),
});
export type Reaction = z.infer<typeof reactionSchema>;

/** A stored message (origin `messages.*`). A deleted message keeps its row: content becomes
 * '[삭제된 메시지]', encrypted 0, file fields null (origin soft delete). */
export const messageRowSchema = z.object({
  id: idSchema,
  room_id: idSchema,
  /** Null once the sender's account is deleted (the message stays, with a placeholder text). */
  sender_id: idSchema.nullable(),
  content: z.string().nullable(),
  encrypted: bit,
  message_type: messageTypeSchema,
  file_path: z.string().nullable(),
  file_name: z.string().nullable(),
  /** New, additive: an image message's thumbnail path under /uploads/ (rest/files.ts); null
   * otherwise and once the file is deleted. Optional: older servers do not send it. */
  thumbnail_path: z.string().nullable().optional(),
  /** New, additive: a file or image message's size in bytes (for the file card); null otherwise
   * and once the file is deleted. Optional: older servers do not send it. */
  file_size: z.number().int().nonnegative().nullable().optional(),
  client_msg_id: z.string().nullable(),
  reply_to: idSchema.nullable(),
  created_at: timestampSchema,
  /** New: set by every edit (the origin did not record edits). */
  edited_at: timestampSchema.nullable(),
  /** New, additive: the user ids this message mentions (members when it was sent), in clear
   * even when the text is encrypted. Optional: older servers do not send it. */
  mentions: z.array(idSchema).optional(),
  /** New, additive: the room key version the content is sealed with (rest/room-keys.ts); for
   * other messages, the room's version when it was written. Absent (older servers): 1. */
  key_version: keyVersionSchema.optional(),
});
export type MessageRow = z.infer<typeof messageRowSchema>;

/** A message as `new_message` carries it: the row plus sender and reply previews and the system payload. The reply
 * preview is joined from the same room only. `unread_count` is members who have not read it,
 * sender excluded (the origin sent a constant 0 here). */
export const messageViewSchema = messageRowSchema.extend({
  sender_name: z.string().nullable(),
  sender_image: z.string().nullable(),
  reply_content: z.string().nullable(),
  reply_sender: z.string().nullable(),
  /** New, additive: the key version of `reply_content` (null without a reply; absent: 1). */
  reply_key_version: keyVersionSchema.nullable().optional(),
  unread_count: z.number().int().nonnegative(),
  /** New, additive: a system message's structured form (system-payload.ts), so each client words
   * it in its reader's language; null for other messages and for system messages stored before
   * it existed (their `content` is all there is). */
  system: systemPayloadSchema.nullable(),
});
export type MessageView = z.infer<typeof messageViewSchema>;

/** A message in `GET /api/rooms/:id/messages`: the view plus its reactions. */
export const messageItemSchema = messageViewSchema.extend({ reactions: z.array(reactionSchema) });
export type MessageItem = z.infer<typeof messageItemSchema>;

// ---- GET /api/rooms/:id/messages?before_id=&after_id=&limit=&include_meta=
/** Without after_id: the latest `limit` messages below before_id. With after_id (new, for
 * catch-up after a reconnect): the first `limit` messages above it. Both may be combined.
 * Always ascending by id. Reading does not move the read pointer. */
export const messagesQuerySchema = z.object({
  before_id: queryId,
  after_id: queryId,
  limit: clampedQueryInt(1, 200, 50),
  include_meta: queryFlag(true),
});
export type MessagesQuery = z.input<typeof messagesQuerySchema>;

export const messagesResponseSchema = z.object({
  messages: z.array(messageItemSchema),
  /** With include_meta only. */
  members: z.array(roomMemberSchema).optional(),
  /** With include_meta only: the room key (base64 string) that clients derive message keys from;
   * the current version's key when the room has rotated keys. */
  encryption_key: z.string().nullable().optional(),
  /** New, with include_meta only: the current key version and every version the caller may hold. */
  key_version: keyVersionSchema.optional(),
  encryption_keys: z.array(roomKeyVersionSchema).optional(),
});
export type MessagesResponse = z.infer<typeof messagesResponseSchema>;

// ---- PUT /api/messages/:id
/** New: `encrypted` is accepted and stored (the origin kept the old flag); same default rule and
 * length limits as send_message (the origin had no limit here). New: `mentions`, as edit_message's. */
export const messageEditRequestSchema = z
  .object({ content: requiredContentSchema, encrypted: encryptedFlagSchema, key_version: keyVersionField, mentions: editMentionsSchema })
  .transform(applyEncryptionRule);
export type MessageEditRequest = z.input<typeof messageEditRequestSchema>;
export const messageEditResponseSchema = z.object({
  success: z.literal(true),
  room_id: idSchema,
  edited_at: timestampSchema,
});

// ---- DELETE /api/messages/:id
export const messageDeleteResponseSchema = z.object({ success: z.literal(true), room_id: idSchema });

// ---- GET/POST /api/messages/:id/reactions
export const reactionsResponseSchema = z.array(reactionSchema);

/** Any text of 1–10 code points after trimming (origin: 1–10 characters, untrimmed). */
export const reactionToggleRequestSchema = z.object({
  emoji: z
    .string(code('REACTION_EMOJI_INVALID'))
    .trim()
    .refine((s) => s.length > 0 && codePointLength(s) <= 10, code('REACTION_EMOJI_INVALID')),
});
export type ReactionToggleRequest = z.input<typeof reactionToggleRequestSchema>;
export const reactionToggleResponseSchema = z.object({
  success: z.literal(true),
  action: z.enum(['added', 'removed']),
  reactions: z.array(reactionSchema),
});
export type ReactionToggleResponse = z.infer<typeof reactionToggleResponseSchema>;
