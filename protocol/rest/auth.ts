import { z } from 'zod';
import { NICKNAME_MAX_LENGTH, NICKNAME_MIN_LENGTH, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../account-rules.ts';
import { bit, code, idSchema, timestampSchema, userStatusSchema } from '../common.ts';
import type { ErrorCode } from '../errors/index.ts';
import { clampedQueryInt, queryFlag } from '../fields.ts';

/** A string field whose absence (or emptiness) has its own error code; other types are REQUEST_INVALID. */
function requiredString(missing: ErrorCode) {
  return z
    .string({ error: (issue) => (issue.input === undefined || issue.input === null ? missing : 'REQUEST_INVALID') })
    .refine((s) => s.trim().length > 0, code(missing));
}

// ---- password and username policy (origin: 3-20 [A-Za-z0-9_]; password >= 8 with a letter and a digit)
export const usernameSchema = z
  .string()
  .transform((s) => s.trim())
  .pipe(z.string().regex(/^[A-Za-z0-9_]{3,20}$/, code('USERNAME_INVALID')));

export const passwordPolicySchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, code('PASSWORD_TOO_SHORT'))
  .max(PASSWORD_MAX_LENGTH, code('PASSWORD_TOO_LONG'))
  .regex(/[A-Za-z]/, code('PASSWORD_NEEDS_LETTER'))
  .regex(/[0-9]/, code('PASSWORD_NEEDS_DIGIT'));

// Letters, marks, numbers, punctuation, symbols and inner spaces; no control or invisible format characters.
const nicknameChars = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]+$/u;
export const nicknameSchema = z
  .string({ error: 'REQUEST_INVALID' })
  .transform((s) => s.trim())
  .pipe(
    z
      .string()
      .min(NICKNAME_MIN_LENGTH, code('NICKNAME_TOO_SHORT'))
      .max(NICKNAME_MAX_LENGTH, code('NICKNAME_TOO_LONG'))
      .regex(nicknameChars, code('NICKNAME_INVALID')),
  );

// ---- POST /api/register
export const registerRequestSchema = z
  .object({
    username: requiredString('AUTH_MISSING_CREDENTIALS').pipe(usernameSchema),
    password: requiredString('AUTH_MISSING_CREDENTIALS').pipe(passwordPolicySchema),
    nickname: z.union([z.literal(''), z.null(), nicknameSchema]).optional(),
  })
  .transform(({ username, password, nickname }) => ({ username, password, nickname: nickname || username }));
export type RegisterRequest = z.input<typeof registerRequestSchema>;
export const registerResponseSchema = z.object({
  success: z.literal(true),
  user_id: idSchema,
  pending_approval: z.literal(true).optional(),
});
export type RegisterResponse = z.infer<typeof registerResponseSchema>;

// ---- POST /api/login
export const loginRequestSchema = z.object({
  username: requiredString('AUTH_MISSING_CREDENTIALS').transform((s) => s.trim()),
  password: requiredString('AUTH_MISSING_CREDENTIALS'),
  remember: z.boolean(code('AUTH_REMEMBER_NOT_BOOLEAN')).optional(),
});
export type LoginRequest = z.input<typeof loginRequestSchema>;

/** Account flags the client acts on: the admin area, and the forced password change screen
 * after an admin reset the password. */
const accountFlags = {
  is_platform_admin: z.boolean(),
  must_change_password: z.boolean(),
};

export const loginUserSchema = z.object({
  id: idSchema,
  username: z.string(),
  nickname: z.string(),
  profile_image: z.string().nullable(),
  ...accountFlags,
});

/** Fields every successful login/refresh carries besides the origin's. */
const accessFields = {
  csrf_token: z.string(),
  access_token: z.string(),
  access_expires_at: timestampSchema,
  device_session_id: idSchema,
};

export const loginResponseSchema = z.object({
  success: z.literal(true),
  user: loginUserSchema,
  expires_at: timestampSchema,
  ...accessFields,
});
export type LoginResponse = z.infer<typeof loginResponseSchema>;

// ---- POST /api/device-sessions
export const deviceSessionCreateRequestSchema = z.object({
  username: requiredString('AUTH_MISSING_CREDENTIALS').transform((s) => s.trim()),
  password: requiredString('AUTH_MISSING_CREDENTIALS'),
  device_name: z
    .string({ error: 'REQUEST_INVALID' })
    .nullish()
    .transform((s) => (s ?? '').trim().slice(0, 120) || 'Desktop Client'),
  // Strict: "false", 0, 1 and null are refused (origin test_device_session_remember_strict_boolean).
  remember: z.boolean(code('AUTH_REMEMBER_NOT_BOOLEAN')).default(true),
});
export type DeviceSessionCreateRequest = z.input<typeof deviceSessionCreateRequestSchema>;

export const deviceSessionCreateResponseSchema = z.object({
  access_ok: z.literal(true),
  device_token: z.string(),
  expires_at: timestampSchema,
  user: loginUserSchema,
  remember: z.boolean(),
  ...accessFields,
});
export type DeviceSessionCreateResponse = z.infer<typeof deviceSessionCreateResponseSchema>;

// ---- POST /api/device-sessions/refresh and DELETE /api/device-sessions/current
/** The device token may also come from X-Device-Token, Authorization: Bearer or the device cookie. */
export const deviceTokenBodySchema = z
  .object({ device_token: z.string({ error: 'REQUEST_INVALID' }).max(4096, code('AUTH_TOKEN_INVALID_OR_EXPIRED')).optional() })
  .catchall(z.unknown());

export const deviceSessionRefreshResponseSchema = z.object({
  access_ok: z.literal(true),
  /** Omitted when the token came from the HttpOnly cookie: browser script never sees it. */
  device_token_rotated: z.string().optional(),
  expires_at: timestampSchema,
  user: loginUserSchema,
  remember: z.boolean(),
  ...accessFields,
});
export type DeviceSessionRefreshResponse = z.infer<typeof deviceSessionRefreshResponseSchema>;

export const deviceSessionRevokeCurrentResponseSchema = z.object({ success: z.literal(true), revoked: z.boolean() });

// ---- GET /api/device-sessions?include_expired=1
export const deviceSessionListQuerySchema = z.object({ include_expired: queryFlag(false) });
export const deviceSessionSchema = z.object({
  id: idSchema,
  user_id: idSchema,
  device_id: z.string(),
  device_name: z.string(),
  created_at: timestampSchema,
  last_used_at: timestampSchema,
  expires_at: timestampSchema,
  ip: z.string().nullable(),
  user_agent: z.string().nullable(),
  remember: z.boolean(),
  ttl_days: z.number().int(),
  is_expired: bit,
  is_current: z.boolean(),
});
export type DeviceSession = z.infer<typeof deviceSessionSchema>;
export const deviceSessionListResponseSchema = z.object({ sessions: z.array(deviceSessionSchema) });

// ---- DELETE /api/device-sessions/:id
export const deviceSessionRevokeResponseSchema = z.object({ success: z.literal(true), current_revoked: z.boolean() });

// ---- POST /api/device-sessions/revoke-others: every session of the caller but this one
export const deviceSessionRevokeOthersResponseSchema = z.object({ success: z.literal(true), revoked: z.number().int().nonnegative() });

// ---- POST /api/logout
export const logoutResponseSchema = z.object({ success: z.literal(true) });

// ---- GET /api/me
export const meResponseSchema = z.discriminatedUnion('logged_in', [
  z.object({
    logged_in: z.literal(true),
    user: z.object({
      id: idSchema,
      username: z.string(),
      nickname: z.string(),
      profile_image: z.string().nullable(),
      status: userStatusSchema,
      ...accountFlags,
    }),
  }),
  z.object({ logged_in: z.literal(false) }),
]);
export type MeResponse = z.infer<typeof meResponseSchema>;

// ---- POST /api/auth/enterprise-login (origin stub: 501/400)
export const enterpriseLoginRequestSchema = z.object({}).catchall(z.unknown());

// ---- POST /api/admin/users/approve (platform admin)
export const approveUserRequestSchema = z.object({
  user_id: z.number(code('APPROVAL_USER_ID_INVALID')).int(code('APPROVAL_USER_ID_INVALID')).positive(code('APPROVAL_USER_ID_INVALID')),
  action: z.enum(['approve', 'reject'], code('APPROVAL_ACTION_INVALID')),
  reason: z.string().max(500).optional(),
});
export const approveUserResponseSchema = z.object({
  success: z.literal(true),
  user_id: idSchema,
  status: z.enum(['approved', 'rejected']),
});

// ---- GET /api/security/audit?limit=
export const securityAuditQuerySchema = z.object({ limit: clampedQueryInt(1, 200, 50) });
export const securityAuditResponseSchema = z.object({
  user_id: idSchema,
  window_days: z.literal(30),
  actions: z.record(z.string(), z.number().int()),
  recent_access_logs: z.array(
    z.object({
      id: idSchema,
      action: z.string(),
      ip_address: z.string().nullable(),
      user_agent: z.string().nullable(),
      created_at: timestampSchema,
    }),
  ),
  active_device_sessions: z.array(deviceSessionSchema),
  revoked_device_sessions_recent: z.number().int(),
});
