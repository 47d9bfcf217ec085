import { z } from 'zod';
import { bit, idSchema, userStatusSchema } from '../common.ts';

/** A member as the rooms list shows it (`partner`, `members`). */
export const roomMemberSummarySchema = z.object({
  room_id: idSchema,
  id: idSchema,
  nickname: z.string(),
  profile_image: z.string().nullable(),
  status: userStatusSchema,
});
export type RoomMemberSummary = z.infer<typeof roomMemberSummarySchema>;

/** A member with read state and settings (room info, messages meta). */
export const roomMemberSchema = z.object({
  id: idSchema,
  nickname: z.string(),
  profile_image: z.string().nullable(),
  status: userStatusSchema,
  last_read_message_id: z.number().int().nonnegative(),
  pinned: bit,
  muted: bit,
});
export type RoomMember = z.infer<typeof roomMemberSchema>;
