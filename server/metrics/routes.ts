import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { errorResponse } from '../http/api-error.ts';
import type { AppEnv } from '../http/env.ts';
import type { Metrics } from './metrics.ts';

/** A loopback peer that no proxy relayed: the socket address decides, never X-Forwarded-For (a
 * proxy on the same host would make every outside scrape look local, so a relayed request is
 * not local whatever TRUST_PROXY says). */
export function isLocalScrape(remoteAddress: string | undefined, headers: { forwarded?: string; xff?: string }): boolean {
  if (headers.forwarded || headers.xff) return false;
  const a = remoteAddress ?? '';
  return a === '::1' || a.startsWith('127.') || a.startsWith('::ffff:127.');
}

/** Compared by digest so the comparison takes the same time whatever the length. */
function sameToken(presented: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

/** GET /metrics: open to local scrapes; from elsewhere only with `Authorization: Bearer
 * <METRICS_TOKEN>` (401 otherwise), and refused (403) when no token is set. */
export function metricsRoutes(deps: { metrics: Metrics; token: string }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/metrics', async (c) => {
    const local = isLocalScrape(c.env?.incoming?.socket?.remoteAddress, {
      forwarded: c.req.header('forwarded'),
      xff: c.req.header('x-forwarded-for'),
    });
    if (!local) {
      if (!deps.token) return errorResponse(c, 'METRICS_FORBIDDEN', 403);
      const presented = c.req.header('authorization')?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
      if (!presented || !sameToken(presented, deps.token)) {
        return errorResponse(c, 'METRICS_TOKEN_REQUIRED', 401, { 'WWW-Authenticate': 'Bearer realm="metrics"' });
      }
    }
    return c.body(await deps.metrics.render(), 200, { 'Content-Type': deps.metrics.contentType, 'Cache-Control': 'no-store' });
  });
  return app;
}
