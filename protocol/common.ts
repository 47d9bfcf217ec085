import { z } from 'zod';
import type { ErrorCode } from './errors/index.ts';

/** Attach a stable error code to a schema: the code becomes the zod issue message, and
 * `firstErrorCode` (validate.ts) turns it back into the envelope's `error_code`. */
export function code(c: ErrorCode): { error: ErrorCode } {
  return { error: c };
}

/** A database id: a strict positive integer (numeric strings are not ids). */
export const idSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export type Id = z.infer<typeof idSchema>;

/** UTC ISO-8601 timestamp, e.g. 2026-11-26T03:59:58.123Z. Every timestamp on the wire is one. */
export const timestampSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/);
export type Timestamp = z.infer<typeof timestampSchema>;

/** Query flags the origin accepts as on: 1, true, yes (case-insensitive). */
export function isTruthyFlag(value: string | null | undefined): boolean {
  return ['1', 'true', 'yes'].includes((value ?? '').trim().toLowerCase());
}

/** SQLite booleans travel as 0/1 in origin payloads. */
export const bit = z.union([z.literal(0), z.literal(1)]);

export const userStatusSchema = z.enum(['online', 'offline']);

/** The user shape used in lists and login answers. */
export const userSummarySchema = z.object({
  id: idSchema,
  username: z.string(),
  nickname: z.string(),
  profile_image: z.string().nullable(),
  status: userStatusSchema,
});
export type UserSummary = z.infer<typeof userSummarySchema>;

export const successSchema = z.object({ success: z.literal(true) });
