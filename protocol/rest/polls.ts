import { z } from 'zod';
import { bit, code, idSchema, timestampSchema } from '../common.ts';
import { parseIsoInstant } from '../dates.ts';
import type { ErrorCode } from '../errors/index.ts';
import { codePointLength, isRecord, parseLooseInt } from '../fields.ts';

export const pollOptionSchema = z.object({
  id: idSchema,
  option_text: z.string(),
  vote_count: z.number().int().nonnegative(),
});
export type PollOption = z.infer<typeof pollOptionSchema>;

/** A poll as every broadcast carries it: never the caller's own votes (the origin's REST
 * `poll_updated` leaked the voter's `my_votes`). */
export const pollSchema = z.object({
  id: idSchema,
  room_id: idSchema,
  created_by: idSchema,
  creator_name: z.string().nullable(),
  question: z.string(),
  multiple_choice: bit,
  anonymous: bit,
  closed: bit,
  ends_at: timestampSchema.nullable(),
  created_at: timestampSchema,
  options: z.array(pollOptionSchema),
  total_voters: z.number().int().nonnegative(),
});
export type Poll = z.infer<typeof pollSchema>;

/** A poll as answered to one caller: plus the option ids the caller chose. */
export const myPollSchema = pollSchema.extend({ my_votes: z.array(idSchema) });
export type MyPoll = z.infer<typeof myPollSchema>;

// ---- GET /api/rooms/:id/polls (newest first)
export const pollsResponseSchema = z.array(myPollSchema);

// ---- POST /api/rooms/:id/polls
function text(max: number, required: ErrorCode, tooLong: ErrorCode) {
  return z
    .string(code(required))
    .trim()
    .min(1, code(required))
    .refine((s) => codePointLength(s) <= max, code(tooLong));
}

/** Strict booleans (the origin used truthiness); absent or null = false. */
const pollFlag = z
  .boolean(code('POLL_FLAG_NOT_BOOLEAN'))
  .nullish()
  .transform((v) => v ?? false);

/** ISO-8601 with an offset, in the future → UTC ISO string; absent, null or '' → no deadline. */
const endsAt = z
  .string(code('POLL_ENDS_AT_INVALID'))
  .nullish()
  .transform((v, ctx) => {
    if (v === undefined || v === null || v.trim() === '') return null;
    const at = parseIsoInstant(v);
    if (at === null) ctx.addIssue({ code: 'custom', message: 'POLL_ENDS_AT_INVALID', input: v });
    else if (at <= Date.now()) ctx.addIssue({ code: 'custom', message: 'POLL_ENDS_AT_PAST', input: v });
    else return new Date(at).toISOString();
    return z.NEVER;
  });

/** Differs from the origin: more than 10 options is refused (the origin dropped the extras), empty
 * options are refused, and texts are stored raw (the origin stored them HTML-escaped). */
export const pollCreateRequestSchema = z.object({
  question: text(200, 'POLL_QUESTION_REQUIRED', 'POLL_QUESTION_TOO_LONG'),
  options: z
    .array(text(100, 'POLL_OPTION_TEXT_INVALID', 'POLL_OPTION_TOO_LONG'), code('POLL_OPTIONS_TOO_FEW'))
    .min(2, code('POLL_OPTIONS_TOO_FEW'))
    .max(10, code('POLL_OPTIONS_TOO_MANY')),
  multiple_choice: pollFlag,
  anonymous: pollFlag,
  ends_at: endsAt,
});
export type PollCreateRequest = z.input<typeof pollCreateRequestSchema>;
export const pollCreateResponseSchema = z.object({ success: z.literal(true), poll: pollSchema });

// ---- POST /api/polls/:id/vote
/** `{option_ids:[…]}` or `{option_id}` (origin order). Entries that are not positive integers
 * (decimal strings accepted) are skipped and duplicates dropped, as the origin did; nothing left
 * → POLL_OPTION_REQUIRED. A vote replaces the caller's previous vote. */
export const pollVoteRequestSchema = z.preprocess(
  (b) =>
    isRecord(b) ? { option_ids: Array.isArray(b.option_ids) ? b.option_ids : b.option_id != null ? [b.option_id] : [] } : b,
  z.object({
    option_ids: z
      .array(z.unknown())
      .transform((items) => [...new Set(items.map(parseLooseInt).filter((n): n is number => n !== null && n > 0))])
      .refine((ids) => ids.length > 0, code('POLL_OPTION_REQUIRED'))
      .refine((ids) => ids.length <= 10, code('POLL_OPTION_INVALID')),
  }),
);
export interface PollVoteRequest {
  option_ids?: number[];
  option_id?: number;
}
export const pollVoteResponseSchema = z.object({ success: z.literal(true), poll: myPollSchema });

// ---- POST /api/polls/:id/close (creator or room admin)
export const pollCloseResponseSchema = z.object({ success: z.literal(true) });
