import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { errorEnvelope } from '../../protocol/envelope.ts';
import { type ErrorCode, errorSpec } from '../../protocol/errors/index.ts';
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
