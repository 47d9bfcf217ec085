import type { z } from 'zod';
import { type ErrorCode, errorCatalog } from './errors/index.ts';

export type Parsed<T> = { ok: true; data: T } | { ok: false; code: ErrorCode };

/** The error code of the first issue: the code a schema attached with `code()`, else a
 * shape error (REQUEST_INVALID_FORMAT when the body is not even an object, REQUEST_INVALID otherwise). */
export function firstErrorCode(error: z.ZodError): ErrorCode {
  for (const issue of error.issues) {
    if (issue.message in errorCatalog) return issue.message as ErrorCode;
  }
  const first = error.issues[0];
  if (first && first.path.length === 0 && first.code === 'invalid_type') return 'REQUEST_INVALID_FORMAT';
  return 'REQUEST_INVALID';
}

export function parseWith<S extends z.ZodType>(schema: S, input: unknown): Parsed<z.output<S>> {
  const result = schema.safeParse(input);
  return result.success ? { ok: true, data: result.data } : { ok: false, code: firstErrorCode(result.error) };
}
