import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { errorEnvelope } from '../../protocol/envelope.ts';
import { type ErrorCode, errorSpec } from '../../protocol/errors/index.ts';
import type { Logger } from '../logger.ts';
import { requestLocale } from './locale.ts';

/** Thrown anywhere below a route; the app's onError turns it into the error envelope. */
export class ApiError extends Error {
  readonly status: ContentfulStatusCode;
  constructor(
    readonly code: ErrorCode,
    status?: number,
    readonly headers?: Record<string, string>,
  ) {
    super(code);
    this.status = (status ?? errorSpec(code).status) as ContentfulStatusCode;
  }
}

export function errorResponse(c: Context, code: ErrorCode, status?: number, headers?: Record<string, string>): Response {
  const res = c.json(errorEnvelope(code, requestLocale(c)), (status ?? errorSpec(code).status) as ContentfulStatusCode);
  for (const [k, v] of Object.entries(headers ?? {})) res.headers.set(k, v);
  return res;
}

/** A route's unexpected failure answers with the feature's own 500 code (as the origin did),
 * logged with its path; an ApiError passes through. One per feature: `orFail(c, CODE, fn)`. */
export function failureAs(logger: Logger, what: string) {
  return async <T>(c: Context, failure: ErrorCode, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof ApiError) throw err;
      logger.error(`${what} route failed`, { path: c.req.path, error: (err as Error).stack ?? String(err) });
      throw new ApiError(failure);
    }
  };
}
