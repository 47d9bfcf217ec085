import { z } from 'zod';
import { bit, code, idSchema, timestampSchema } from '../common.ts';
import { idList, isRecord, queryFlag, trimmedText } from '../fields.ts';
import { roomMemberSchema, roomMemberSummarySchema } from './members.ts';
import { messageTypeSchema } from './messages.ts';
import { keyVersionSchema, roomKeyRingSchema } from './room-keys.ts';
import { systemPayloadSchema } from './system-payload.ts';

export const roomTypeSchema = z.enum(['direct', 'group']);
export type RoomType = z.infer<typeof roomTypeSchema>;

// ---- GET /api/rooms?include_members=1
export const roomListQuerySchema = z.object({ include_members: queryFlag(false) });

/** One room of the caller's list. Differs from the origin: no `encryption_key` (the origin leaked
 * the master-wrapped key here; clients get the room key from messages meta). */
export const roomListItemSchema = z.object({
  id: idSchema,
  /** Direct rooms: the partner's nickname. */
  name: z.string().nullable(),
  type: roomTypeSchema,
  created_by: idSchema.nullable(),
  created_at: timestampSchema,
  last_read_message_id: z.number().int().nonnegative(),
  pinned: bit,
  muted: bit,
  member_count: z.number().int().nonnegative(),
  /** Null when the last message is encrypted text. */
  last_message: z.string().nullable(),
  last_message_type: messageTypeSchema.nullable(),
  last_message_time: timestampSchema.nullable(),
  last_message_encrypted: bit.nullable(),
  last_message_file_name: z.string().nullable(),
  /** New: the newest message's id (null: none), so a client can cache what it decrypted. */
  last_message_id: idSchema.nullable(),
  /** New: the newest message's ciphertext when it is encrypted text (`last_message` stays null
   * then, as the origin's): a client holding the room key decrypts the preview itself; the server
   * never sees plaintext. Null otherwise. */
  last_message_ciphertext: z.string().nullable(),
  /** New, additive: the key version of that ciphertext (rest/room-keys.ts); null when there is
   * no last message. Absent from older servers: version 1. */
  last_message_key_version: keyVersionSchema.nullable().optional(),
  /** Messages after the caller's read pointer that the caller did not send. */
  unread_count: z.number().int().nonnegative(),
  /** Korean server text as the origin: '새 대화', '[사진]', file name or '[파일]', first 25
   * characters + '...', '[암호화된 메시지]'; in English for an English request. A system message
   * with a payload is worded from it in the request's language (Korean: its stored text). */
  last_message_preview: z.string(),
  /** New, additive: when the last message is a system message with a payload, that payload, so
   * the client words the preview in its own language (and again after a language switch). */
  last_message_system: systemPayloadSchema.nullable(),
  /** Direct rooms only. */
  partner: roomMemberSummarySchema.optional(),
  /** Group rooms, with include_members only. */
  members: z.array(roomMemberSummarySchema).optional(),
});
export type RoomListItem = z.infer<typeof roomListItemSchema>;
export const roomListResponseSchema = z.array(roomListItemSchema);

// ---- GET /api/rooms/keys
/** New: the keys of all the caller's rooms in one answer (null: a room without one), so previews
 * and notifications of rooms not opened yet can be decrypted on the device. Each room lists the
 * key versions the caller may hold (rest/room-keys.ts). */
export const roomKeysResponseSchema = z.object({
  keys: z.array(roomKeyRingSchema),
});
export type RoomKeysResponse = z.infer<typeof roomKeysResponseSchema>;

// ---- POST /api/rooms
/** `members` wins; the compat key `member_ids` is read only when `members` is absent or null.
 * Non-list → ROOM_MEMBERS_NOT_LIST; non-integer element ("2" included) → ROOM_MEMBER_ID_NOT_INT;
 * ids ≤ 0 and duplicates are dropped. The server then drops unknown users and adds the creator.
 * New: the name is validated (trimmed, ≤ 50, empty → none); the origin stored anything. */
export const roomCreateRequestSchema = z.preprocess(
  (body) => (isRecord(body) ? { name: body.name, member_ids: body.members ?? body.member_ids } : body),
  z
    .object({
      name: trimmedText(50, 'ROOM_NAME_TOO_LONG').nullish(),
      member_ids: idList('ROOM_MEMBERS_NOT_LIST', 'ROOM_MEMBER_ID_NOT_INT', 1000, 'ROOM_MEMBERS_TOO_MANY').nullish(),
    })
    .transform((b) => ({ name: b.name || null, member_ids: b.member_ids ?? [] })),
);
export interface RoomCreateRequest {
  name?: string | null;
  members?: number[] | null;
  /** Origin compat alias. */
  member_ids?: number[] | null;
}
export type RoomCreate = z.output<typeof roomCreateRequestSchema>;
export const roomCreateResponseSchema = z.object({ success: z.literal(true), room_id: idSchema });

// ---- GET /api/rooms/:id/info
export const roomInfoResponseSchema = z.object({
  id: idSchema,
  name: z.string().nullable(),
  type: roomTypeSchema,
  created_by: idSchema.nullable(),
  created_at: timestampSchema,
  members: z.array(roomMemberSchema),
});
export type RoomInfo = z.infer<typeof roomInfoResponseSchema>;

// ---- POST /api/rooms/:id/members (invite)
/** `{user_ids:[…]}` or `{user_id}` (a truthy user_id wins). Nothing to invite →
 * ROOM_INVITE_USER_REQUIRED (the origin answered '이미 참여중인 사용자입니다.'). */
export const roomInviteRequestSchema = z.preprocess(
  (body) => (isRecord(body) ? { user_ids: body.user_id ? [body.user_id] : (body.user_ids ?? []) } : body),
  z
    .object({
      user_ids: idList('ROOM_INVITE_USER_IDS_INVALID', 'ROOM_INVITE_USER_IDS_INVALID', 1000, 'ROOM_MEMBERS_TOO_MANY'),
    })
    .refine((b) => b.user_ids.length > 0, code('ROOM_INVITE_USER_REQUIRED')),
);
export interface RoomInviteRequest {
  user_ids?: number[];
  user_id?: number;
}
export const roomInviteResponseSchema = z.object({ success: z.literal(true), added_count: z.number().int().positive() });

// ---- POST /api/rooms/:id/leave and DELETE /api/rooms/:id/members/:user_id (kick): no body
export const roomLeaveResponseSchema = z.object({ success: z.literal(true) });
export const roomKickResponseSchema = z.object({ success: z.literal(true) });

// ---- PUT /api/rooms/:id/name
/** Trimmed, 1–50 code points, stored raw (the origin stored it HTML-escaped and cut it at 50). */
export const roomRenameRequestSchema = z.object({
  name: trimmedText(50, 'ROOM_NAME_TOO_LONG', 'ROOM_NAME_REQUIRED').refine((s) => s.length > 0, code('ROOM_NAME_REQUIRED')),
});
export type RoomRenameRequest = z.input<typeof roomRenameRequestSchema>;
export const roomRenameResponseSchema = z.object({ success: z.literal(true) });

// ---- POST /api/rooms/:id/pin-room (alias /pin) and /mute
/** Per-user flags; absent means true. true/false or 0/1 (the origin used truthiness). */
const settingFlag = z
  .union([z.boolean(), z.literal(0), z.literal(1)], code('ROOM_SETTING_NOT_BOOLEAN'))
  .transform((v) => v === true || v === 1);
export const roomPinRequestSchema = z.object({ pinned: settingFlag.default(true) });
export type RoomPinRequest = z.input<typeof roomPinRequestSchema>;
export const roomMuteRequestSchema = z.object({ muted: settingFlag.default(true) });
export type RoomMuteRequest = z.input<typeof roomMuteRequestSchema>;
export const roomSettingResponseSchema = z.object({ success: z.literal(true) });
