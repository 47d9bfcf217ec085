import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../logger.ts';
import type { AppEnv } from './env.ts';
import { withHeaders } from './fixed-headers.ts';

/** An id a caller (a proxy, the desktop app) may hand us: short and plain, so it is safe in a log. */
const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** One JSON line per request: its id (the caller's X-Request-Id when acceptable, else a new one,
 * returned in X-Request-Id either way), method, path, status, the user once authenticated, the
 * client address and the latency. Runs first, so it also times the other middleware. */
export function requestLog(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    const offered = c.req.header('x-request-id');
    const id = offered && ACCEPTABLE_ID.test(offered) ? offered : randomUUID();
    try {
      await withHeaders(c, [['X-Request-Id', id]], next);
    } finally {
      logger.info('request', {
        request_id: id,
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        user_id: c.var.auth?.userId ?? null,
        ip: c.var.clientIp,
        latency_ms: Math.round((performance.now() - started) * 1000) / 1000,
      });
    }
  };
}
