import { z } from 'zod';
import { code, isTruthyFlag } from './common.ts';
import type { ErrorCode } from './errors/index.ts';
import { codePointLength } from './text-length.ts';

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export { codePointLength };

/** A strict positive integer id; any other value (numeric strings included) fails with `c`. */
export function strictId(c: ErrorCode) {
  return z.number(code(c)).int(code(c)).positive(code(c)).max(Number.MAX_SAFE_INTEGER, code(c));
}

const decimalInt = /^\s*[+-]?\d+\s*$/;

/** Parse an integer the way Python `int()` reads a JSON int or a decimal string; else null. */
export function parseLooseInt(value: unknown): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : null;
  if (typeof value === 'string' && decimalInt.test(value)) {
    const n = Number(value.trim());
    return Number.isSafeInteger(n) ? n : null;
  }
  return null;
}

/** A positive id that may also arrive as a decimal string (origin read these with `int()`). */
export function looseId(c: ErrorCode) {
  return z.preprocess((v) => parseLooseInt(v) ?? v, strictId(c));
}

/** An array of integer ids: non-array → `notList`, a non-integer element → `notInt`;
 * ids ≤ 0 and duplicates are dropped (origin behaviour). */
export function idList(notList: ErrorCode, notInt: ErrorCode, max = 1000, tooMany: ErrorCode = notList) {
  return z
    .array(z.unknown(), code(notList))
    .max(max, code(tooMany))
    .transform((items, ctx) => {
      const ids: number[] = [];
      for (const item of items) {
        if (typeof item !== 'number' || !Number.isSafeInteger(item)) {
          ctx.addIssue({ code: 'custom', message: notInt, input: item });
          return z.NEVER;
        }
        if (item > 0 && !ids.includes(item)) ids.push(item);
      }
      return ids;
    });
}

/** Text that is trimmed, then limited to `max` code points. Stored raw: HTML is escaped at render. */
export function trimmedText(max: number, tooLong: ErrorCode, notString: ErrorCode = 'REQUEST_INVALID') {
  return z
    .string(code(notString))
    .trim()
    .refine((s) => codePointLength(s) <= max, code(tooLong));
}

// ---- query strings (always strings; the origin clamps or ignores rather than refusing)

/** An integer query parameter; absent or unparsable gives `fallback` (Flask `type=int`). */
export function queryInt(fallback?: number) {
  return z
    .string()
    .optional()
    .transform((v) => parseLooseInt(v) ?? fallback);
}

/** An integer query parameter clamped into [min, max]; absent or unparsable gives `fallback`. */
export function clampedQueryInt(min: number, max: number, fallback: number) {
  return queryInt().transform((n) => (n === undefined ? fallback : Math.min(Math.max(n, min), max)));
}

/** A positive id query parameter; anything else is ignored (undefined). */
export const queryId = queryInt().transform((n) => (n !== undefined && n > 0 ? n : undefined));

/** A 1/true/yes flag; absent gives `fallback`. */
export function queryFlag(fallback: boolean) {
  return z
    .string()
    .optional()
    .transform((v) => (v === undefined ? fallback : isTruthyFlag(v)));
}
