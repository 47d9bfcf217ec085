import { z } from 'zod';
import { bit, idSchema, timestampSchema, userStatusSchema } from '../common.ts';

/** When the user's last connection ended (UTC ISO-8601); null while they never went offline.
 * New (the origin kept no such time): shown as "Last seen 5 minutes ago" while offline. */
export const lastSeenSchema = timestampSchema.nullable();

/** A member as the rooms list shows it (`partner`, `members`). */
export const roomMemberSummarySchema = z.object({
  room_id: idSchema,
  id: idSchema,
  nickname: z.string(),
  profile_image: z.string().nullable(),
  status: userStatusSchema,
  last_seen_at: lastSeenSchema,
});
export type RoomMemberSummary = z.infer<typeof roomMemberSummarySchema>;

/** A member with read state and settings (room info, messages meta). New beside the origin's
 * fields: `username`, `status_message` and `last_seen_at` for the member's profile, and `role`
 * ('admin' for a room admin or the owner, who is always one; the owner is the room's `created_by`). */
export const roomMemberSchema = z.object({
  id: idSchema,
  nickname: z.string(),
  profile_image: z.string().nullable(),
  status: userStatusSchema,
  last_read_message_id: z.number().int().nonnegative(),
  pinned: bit,
  muted: bit,
  username: z.string(),
  status_message: z.string().nullable(),
  last_seen_at: lastSeenSchema,
  role: z.enum(['admin', 'member']),
});
export type RoomMember = z.infer<typeof roomMemberSchema>;
