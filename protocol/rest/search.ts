import { z } from 'zod';
import { parseCalendarDate } from '../dates.ts';
import type { ErrorCode } from '../errors/index.ts';
import { clampedQueryInt, codePointLength, parseLooseInt, queryFlag, queryId, queryInt } from '../fields.ts';
import { messageRowSchema } from './messages.ts';

/** Only plaintext and file names are searchable: E2E text never reaches the index. */
export const searchHitSchema = messageRowSchema.extend({
  room_name: z.string().nullable(),
  sender_name: z.string().nullable(),
});
export type SearchHit = z.infer<typeof searchHitSchema>;

function fail(ctx: z.RefinementCtx, c: ErrorCode, input: unknown): never {
  ctx.addIssue({ code: 'custom', message: c, input });
  return z.NEVER;
}

/** A YYYY-MM-DD date; absent, null or blank → null. Normalised to zero-padded form. */
function dateField(notString: ErrorCode, invalid: ErrorCode) {
  return z
    .unknown()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) return null;
      if (typeof v !== 'string') return fail(ctx, notString, v);
      return parseCalendarDate(v) ?? fail(ctx, invalid, v);
    });
}

/** date_from after date_to is refused (as the later sibling repository fixed it). */
function checkDateRange(b: { date_from: string | null; date_to: string | null }, ctx: z.RefinementCtx) {
  if (b.date_from && b.date_to && b.date_from > b.date_to) {
    ctx.addIssue({ code: 'custom', message: 'SEARCH_DATE_RANGE_INVALID', path: ['date_from'], input: b.date_from });
  }
}

// ---- GET /api/search?q=&room_id=&date_from=&date_to=&file_only=&offset=&limit=
/** Clamps and ignores like the origin (room_id that is not an id is ignored). The server answers
 * `[]` when there is no q, no date and no file_only, or when q is shorter than 2 characters.
 * New: malformed dates are refused (the origin compared the raw strings). */
export const searchQuerySchema = z
  .object({
    q: z
      .string()
      .optional()
      .transform((v) => (v ?? '').trim()),
    room_id: queryId,
    date_from: dateField('SEARCH_DATE_FROM_NOT_STRING', 'SEARCH_DATE_FROM_INVALID'),
    date_to: dateField('SEARCH_DATE_TO_NOT_STRING', 'SEARCH_DATE_TO_INVALID'),
    file_only: queryFlag(false),
    offset: queryInt().transform((n) => Math.max(n ?? 0, 0)),
    limit: clampedQueryInt(1, 200, 50),
  })
  .superRefine(checkDateRange);
export type SearchQuery = z.input<typeof searchQuerySchema>;
/** Only the hits, as the origin (its desktop client expects a bare list). */
export const searchResponseSchema = z.array(searchHitSchema);

// ---- POST /api/search/advanced (the origin's validation table, field by field, in its order)
const query = z
  .unknown()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string') return fail(ctx, 'SEARCH_QUERY_NOT_STRING', v);
    const s = v.trim();
    if (codePointLength(s) > 200) return fail(ctx, 'SEARCH_QUERY_TOO_LONG', v);
    return s || null;
  });

/** Positive id; numeric strings accepted; absent, null or '' → null. */
function positiveId(notInt: ErrorCode, notPositive: ErrorCode) {
  return z
    .unknown()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === null || v === '') return null;
      const n = parseLooseInt(v);
      if (n === null) return fail(ctx, notInt, v);
      return n > 0 ? n : fail(ctx, notPositive, v);
    });
}

const trueWords = ['1', 'true', 'yes', 'on'];
const falseWords = ['0', 'false', 'no', 'off', ''];
/** A boolean, or one of the words above; absent or null → false. */
const fileOnly = z
  .unknown()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v === null) return false;
    if (typeof v === 'boolean') return v;
    const word = typeof v === 'string' ? v.trim().toLowerCase() : undefined;
    if (word !== undefined && trueWords.includes(word)) return true;
    if (word !== undefined && falseWords.includes(word)) return false;
    return fail(ctx, 'SEARCH_FILE_ONLY_NOT_BOOLEAN', v);
  });

/** An integer, a decimal string, or a finite number truncated (Python `int()`); absent → fallback. */
function pagingInt(fallback: number) {
  return z
    .unknown()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === null) return fallback;
      if (typeof v === 'number' && Number.isFinite(v)) return Math.trunc(v);
      return parseLooseInt(v) ?? fail(ctx, 'SEARCH_LIMIT_OFFSET_NOT_INT', v);
    });
}

export const advancedSearchRequestSchema = z
  .object({
    query,
    room_id: positiveId('SEARCH_ROOM_ID_NOT_INT', 'SEARCH_ROOM_ID_NOT_POSITIVE'),
    sender_id: positiveId('SEARCH_SENDER_ID_NOT_INT', 'SEARCH_SENDER_ID_NOT_POSITIVE'),
    date_from: dateField('SEARCH_DATE_FROM_NOT_STRING', 'SEARCH_DATE_FROM_INVALID'),
    date_to: dateField('SEARCH_DATE_TO_NOT_STRING', 'SEARCH_DATE_TO_INVALID'),
    file_only: fileOnly,
    limit: pagingInt(50).transform((n) => Math.min(Math.max(n, 1), 200)),
    offset: pagingInt(0).transform((n) => Math.max(n, 0)),
  })
  .superRefine(checkDateRange);
export interface AdvancedSearchRequest {
  query?: string | null;
  room_id?: number | string | null;
  sender_id?: number | string | null;
  date_from?: string | null;
  date_to?: string | null;
  file_only?: boolean | string | null;
  limit?: number | string;
  offset?: number | string;
}
export type AdvancedSearch = z.output<typeof advancedSearchRequestSchema>;

export const advancedSearchResponseSchema = z.object({
  messages: z.array(searchHitSchema),
  total: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
  limit: z.number().int().positive(),
  has_more: z.boolean(),
  /** '암호화된 메시지는 서버 검색에서 제외됩니다.' when a text query ran. */
  note: z.string().optional(),
});
export type AdvancedSearchResponse = z.infer<typeof advancedSearchResponseSchema>;
