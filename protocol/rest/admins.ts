import { z } from 'zod';
import { code, idSchema } from '../common.ts';

// ---- GET /api/rooms/:id/admins: members with role admin, plus the creator (always an admin)
export const roomAdminSchema = z.object({
  id: idSchema,
  nickname: z.string(),
  profile_image: z.string().nullable(),
  role: z.enum(['admin', 'member']),
});
export type RoomAdmin = z.infer<typeof roomAdminSchema>;
export const roomAdminsResponseSchema = z.array(roomAdminSchema);

// ---- POST /api/rooms/:id/admins (room admin only)
/** `user_id` absent, null, 0 or '' → ROOM_ADMIN_USER_REQUIRED (origin `if not user_id`); any other
 * non-positive-integer → ROOM_ADMIN_USER_ID_INVALID. `is_admin` is a strict boolean, default true
 * (origin test_admin_update_requires_boolean_is_admin). */
export const roomAdminUpdateRequestSchema = z.object({
  user_id: z.preprocess(
    (v) => (v === null || v === 0 || v === '' ? undefined : v),
    z
      .number({ error: (issue) => (issue.input === undefined ? 'ROOM_ADMIN_USER_REQUIRED' : 'ROOM_ADMIN_USER_ID_INVALID') })
      .int(code('ROOM_ADMIN_USER_ID_INVALID'))
      .positive(code('ROOM_ADMIN_USER_ID_INVALID'))
      .max(Number.MAX_SAFE_INTEGER, code('ROOM_ADMIN_USER_ID_INVALID')),
  ),
  is_admin: z.boolean(code('ROOM_ADMIN_FLAG_NOT_BOOLEAN')).default(true),
});
export interface RoomAdminUpdateRequest {
  user_id: number;
  is_admin?: boolean;
}
export const roomAdminUpdateResponseSchema = z.object({ success: z.literal(true) });

// ---- GET /api/rooms/:id/admin-check
export const roomAdminCheckResponseSchema = z.object({ is_admin: z.boolean() });
