import { z } from 'zod';
import { bit, idSchema, timestampSchema, userStatusSchema } from '../common.ts';
import { messageViewSchema, reactionSchema } from '../rest/messages.ts';
import { pollSchema } from '../rest/polls.ts';
import { keyVersionSchema } from '../rest/room-keys.ts';

/** Payloads the server emits. Origin fields are kept plus a few extras (see docs/protocol.md):
 * leave/kick events name the user concerned, edits carry the new content and flag, reactions
 * the message id; every mutation, REST or socket, emits its event (the origin's REST edit, delete,
 * reactions and file delete emitted nothing, and clients desynced). */

/** The stored message with sender/reply fields and `client_msg_id` echoed (the origin's stray
 * `__created` key is gone). No `reactions`: a new message has none. */
export const newMessageEventSchema = messageViewSchema;
export type NewMessageEvent = z.infer<typeof newMessageEventSchema>;

export const readUpdatedEventSchema = z.object({ room_id: idSchema, user_id: idSchema, message_id: idSchema });
export type ReadUpdatedEvent = z.infer<typeof readUpdatedEventSchema>;

export const userTypingEventSchema = z.object({
  room_id: idSchema,
  user_id: idSchema,
  nickname: z.string(),
  is_typing: z.boolean(),
});
export type UserTypingEvent = z.infer<typeof userTypingEventSchema>;

/** `last_seen_at` (new) comes with `offline`: when the user's last connection ended. */
export const userStatusEventSchema = z.object({ user_id: idSchema, status: userStatusSchema, last_seen_at: timestampSchema.optional() });
export type UserStatusEvent = z.infer<typeof userStatusEventSchema>;

export const joinedRoomEventSchema = z.object({ room_id: idSchema });
export type JoinedRoomEvent = z.infer<typeof joinedRoomEventSchema>;

const roomEvent = <A extends string, T extends z.ZodRawShape>(action: A, fields: T) =>
  z.object({ room_id: idSchema, action: z.literal(action), ...fields });

/** A change to the room list entry. `settings_updated` is new: per-user pin/mute, sent to the
 * caller's other devices only. */
export const roomUpdatedEventSchema = z.discriminatedUnion('action', [
  roomEvent('room_created', { by_user_id: idSchema }),
  roomEvent('members_invited', { by_user_id: idSchema }),
  roomEvent('member_left', { user_id: idSchema, by_user_id: idSchema.optional() }),
  roomEvent('member_kicked', { user_id: idSchema, by_user_id: idSchema }),
  roomEvent('room_renamed', { name: z.string(), by_user_id: idSchema }),
  roomEvent('settings_updated', { pinned: bit, muted: bit }),
]);
export type RoomUpdatedEvent = z.infer<typeof roomUpdatedEventSchema>;

export const roomNameUpdatedEventSchema = z.object({ room_id: idSchema, name: z.string(), by_user_id: idSchema });
export type RoomNameUpdatedEvent = z.infer<typeof roomNameUpdatedEventSchema>;

/** Always with an action (the origin's relay sent a bare `{room_id}`); leave and kick carry the
 * `user_id` concerned. */
export const roomMembersUpdatedEventSchema = z.discriminatedUnion('action', [
  roomEvent('members_invited', { by_user_id: idSchema, added_count: z.number().int().positive() }),
  roomEvent('member_left', { user_id: idSchema, by_user_id: idSchema }),
  roomEvent('member_kicked', { user_id: idSchema, by_user_id: idSchema }),
  roomEvent('admin_updated', { user_id: idSchema, is_admin: z.boolean(), by_user_id: idSchema }),
]);
export type RoomMembersUpdatedEvent = z.infer<typeof roomMembersUpdatedEventSchema>;

/** `edited_at` is new; `encrypted` is what was stored (the origin echoed the client's flag and kept
 * the old one in the DB). */
export const messageEditedEventSchema = z.object({
  room_id: idSchema,
  message_id: idSchema,
  content: z.string(),
  encrypted: z.boolean(),
  edited_at: timestampSchema,
  /** New, additive: the key version the new content is sealed with (absent: 1). */
  key_version: keyVersionSchema.optional(),
  /** New, additive: the user ids the message mentions now, when the edit gave them (absent:
   * unchanged). */
  mentions: z.array(idSchema).optional(),
});
export type MessageEditedEvent = z.infer<typeof messageEditedEventSchema>;

/** New: the room's key was rotated (a member left or was removed). Members fetch the new key
 * (GET /api/rooms/:id/keys); the event itself carries no key material. */
export const roomKeyRotatedEventSchema = z.object({ room_id: idSchema, key_version: keyVersionSchema });
export type RoomKeyRotatedEvent = z.infer<typeof roomKeyRotatedEventSchema>;

export const messageDeletedEventSchema = z.object({ room_id: idSchema, message_id: idSchema });
export type MessageDeletedEvent = z.infer<typeof messageDeletedEventSchema>;

export const reactionUpdatedEventSchema = z.object({
  room_id: idSchema,
  message_id: idSchema,
  reactions: z.array(reactionSchema),
});
export type ReactionUpdatedEvent = z.infer<typeof reactionUpdatedEventSchema>;

export const pollCreatedEventSchema = z.object({
  room_id: idSchema,
  poll: pollSchema,
  action: z.literal('poll_created'),
  by_user_id: idSchema,
});
export type PollCreatedEvent = z.infer<typeof pollCreatedEventSchema>;

/** Never the voter's `my_votes`; no `by_user_id` for a vote on an anonymous poll, nor when the
 * deadline closed the poll (the origin's auto-close emitted nothing). */
export const pollUpdatedEventSchema = z.object({
  room_id: idSchema,
  poll: pollSchema,
  action: z.enum(['poll_voted', 'poll_closed']),
  by_user_id: idSchema.optional(),
});
export type PollUpdatedEvent = z.infer<typeof pollUpdatedEventSchema>;

/** The REST shape only (the origin's relay sent `{room_id, pins}` instead). */
export const pinUpdatedEventSchema = z.object({
  room_id: idSchema,
  pin_id: idSchema,
  action: z.enum(['pin_created', 'pin_deleted']),
  by_user_id: idSchema,
});
export type PinUpdatedEvent = z.infer<typeof pinUpdatedEventSchema>;

export const adminUpdatedEventSchema = z.object({
  room_id: idSchema,
  user_id: idSchema,
  is_admin: z.boolean(),
  by_user_id: idSchema,
});
export type AdminUpdatedEvent = z.infer<typeof adminUpdatedEventSchema>;

/** Values from the database after a profile change, never from a client. `status_message` is
 * new (member profiles show it). */
export const userProfileUpdatedEventSchema = z.object({
  user_id: idSchema,
  nickname: z.string(),
  profile_image: z.string().nullable(),
  status_message: z.string().nullable(),
});
export type UserProfileUpdatedEvent = z.infer<typeof userProfileUpdatedEventSchema>;
