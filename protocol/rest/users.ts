import { z } from 'zod';
import { code, idSchema, userStatusSchema } from '../common.ts';
import { nicknameSchema, passwordPolicySchema } from './auth.ts';

// ---- GET /api/users (everyone but the caller) and GET /api/users/online
export const userListItemSchema = z.object({
  id: idSchema,
  username: z.string(),
  nickname: z.string(),
  profile_image: z.string().nullable(),
  status: userStatusSchema,
  status_message: z.string().nullable(),
});
export type UserListItem = z.infer<typeof userListItemSchema>;
export const userListResponseSchema = z.array(userListItemSchema);

export const onlineUserSchema = z.object({
  id: idSchema,
  username: z.string(),
  nickname: z.string(),
  profile_image: z.string().nullable(),
});
export const onlineUsersResponseSchema = z.array(onlineUserSchema);

// ---- GET /api/profile (origin fields plus status_message, which the origin could set but never returned)
export const profileSchema = z.object({
  id: idSchema,
  username: z.string(),
  nickname: z.string(),
  profile_image: z.string().nullable(),
  status: userStatusSchema,
  status_message: z.string().nullable(),
});
export type Profile = z.infer<typeof profileSchema>;

// ---- PUT /api/profile
/** Absent or null means unchanged. An empty nickname is "unchanged" (origin); an empty
 * status_message clears it (the origin could not clear it). Text is stored raw, escaped at render. */
export const profileUpdateRequestSchema = z
  .object({
    nickname: z.union([z.literal(''), z.null(), nicknameSchema]).optional(),
    status_message: z
      .string({ error: 'REQUEST_INVALID' })
      .transform((s) => s.trim())
      .pipe(z.string().max(100, code('STATUS_MESSAGE_TOO_LONG')))
      .nullish(),
  })
  .transform((body) => ({
    nickname: body.nickname || undefined,
    status_message: body.status_message ?? undefined,
  }))
  .refine((b) => b.nickname !== undefined || b.status_message !== undefined, code('PROFILE_NOTHING_TO_UPDATE'));
export type ProfileUpdateRequest = z.input<typeof profileUpdateRequestSchema>;

// ---- PUT /api/me/password
export const passwordChangeRequestSchema = z.object({
  current_password: z.string(code('PASSWORD_FIELDS_REQUIRED')).min(1, code('PASSWORD_FIELDS_REQUIRED')),
  new_password: z.string(code('PASSWORD_FIELDS_REQUIRED')).min(1, code('PASSWORD_FIELDS_REQUIRED')).pipe(passwordPolicySchema),
  /** Revoke every other session of the account (default true; false keeps the other devices signed in). */
  sign_out_others: z.boolean({ error: 'REQUEST_INVALID' }).default(true),
});
export type PasswordChangeRequest = z.input<typeof passwordChangeRequestSchema>;
export const passwordChangeResponseSchema = z.object({ success: z.literal(true), message: z.string() });

// ---- DELETE /api/me
export const accountDeleteRequestSchema = z.object({
  password: z.string(code('PASSWORD_REQUIRED')).min(1, code('PASSWORD_REQUIRED')),
});
export type AccountDeleteRequest = z.input<typeof accountDeleteRequestSchema>;

// ---- POST /api/profile/image -> {success, profile_image}; DELETE /api/profile/image -> {success}
export const profileImageResponseSchema = z.object({ success: z.literal(true), profile_image: z.string() });
