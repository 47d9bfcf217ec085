import { z } from 'zod';
import { code, idSchema, successSchema, timestampSchema } from '../common.ts';
import { clampedQueryInt, queryId } from '../fields.ts';

/** Platform administration (platform admins only: 403 PLATFORM_ADMIN_REQUIRED otherwise). */

/** An account's state: waiting for approval, usable, switched off by an admin, or refused. */
export const accountStatusSchema = z.enum(['pending', 'active', 'disabled', 'rejected']);
export type AccountStatus = z.infer<typeof accountStatusSchema>;

/** The longest `q` looked at (longer ones are cut: no username is longer than 20). */
export const ADMIN_USER_QUERY_MAX = 50;

// ---- GET /api/admin/users?status=pending|active|disabled|rejected|all&q=<text>
export const adminUserListQuerySchema = z.object({
  status: z.enum([...accountStatusSchema.options, 'all'], code('ADMIN_USER_STATUS_INVALID')).default('all'),
  /** A substring of the username, case-insensitive; blank matches everyone. */
  q: z
    .string()
    .optional()
    .transform((s) => (s ?? '').trim().slice(0, ADMIN_USER_QUERY_MAX)),
});
export const adminUserSchema = z.object({
  id: idSchema,
  username: z.string(),
  nickname: z.string(),
  status: accountStatusSchema,
  is_platform_admin: z.boolean(),
  created_at: timestampSchema,
  /** null before the first login. */
  last_login_at: timestampSchema.nullable(),
});
export type AdminUser = z.infer<typeof adminUserSchema>;
export const adminUserListResponseSchema = z.object({ users: z.array(adminUserSchema) });

// ---- POST /api/admin/users/:id/reject|disable|enable → {success:true}
export const adminActionResponseSchema = successSchema;

// ---- POST /api/admin/users/:id/reset-password
/** The temporary password is shown to the admin once and never stored or logged in clear. */
export const adminResetPasswordResponseSchema = z.object({ success: z.literal(true), temporary_password: z.string().min(8) });

// ---- GET /api/admin/audit?limit=N&before_id=<id>
export const adminAuditQuerySchema = z.object({ limit: clampedQueryInt(1, 200, 50), before_id: queryId });
/** What an admin did: `user.approve`, `user.reject`, `user.disable`, `user.enable`,
 * `user.reset_password`, `user.promote` (the operator command, with a null actor). */
export const adminAuditEntrySchema = z.object({
  id: idSchema,
  at: timestampSchema,
  actor_user_id: idSchema.nullable(),
  action: z.string(),
  target_user_id: idSchema.nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AdminAuditEntry = z.infer<typeof adminAuditEntrySchema>;
export const adminAuditResponseSchema = z.object({
  /** Newest first; ids strictly decrease. */
  entries: z.array(adminAuditEntrySchema),
  /** Pass as before_id for the next (older) page; null when there is none. */
  next_before_id: idSchema.nullable(),
});
