import type { MiddlewareHandler } from 'hono';
import type { Config, RateLimitRoute } from '../config.ts';
import { errorResponse } from '../http/api-error.ts';
import type { AppEnv } from '../http/env.ts';
import { withHeaders } from '../http/fixed-headers.ts';
import type { RateLimitStore } from './store.ts';

export type Limit = (route: RateLimitRoute) => MiddlewareHandler<AppEnv>;

/** Per-route limits with X-RateLimit-* headers on every answer and Retry-After on 429, keyed by
 * client IP (or user and IP). The store is the scale-out seam (memory here, shared later). */
export function rateLimiter(deps: { rules: Config['rateLimit']; store: RateLimitStore; onLimited?: (route: RateLimitRoute) => void }): Limit {
  const { rules, store } = deps;
  return (route) => async (c, next) => {
    if (!rules.enabled) return next();
    const rule = rules.rules[route];
    const ip = c.var.clientIp;
    const auth = c.var.auth;
    const who = rules.keyMode === 'user_ip' && auth ? `${auth.userId}:${ip}` : ip;
    const { count, resetAt } = await store.hit(`${route}:${who}`, rule.windowMs);
    const headers = {
      'X-RateLimit-Limit': String(rule.limit),
      'X-RateLimit-Remaining': String(Math.max(0, rule.limit - count)),
      'X-RateLimit-Reset': String(Math.ceil(resetAt / 1000)),
    };
    if (count > rule.limit) {
      deps.onLimited?.(route);
      const retryAfter = Math.max(1, Math.ceil((resetAt - Date.now()) / 1000));
      return errorResponse(c, 'RATE_LIMITED', 429, { ...headers, 'Retry-After': String(retryAfter) });
    }
    await withHeaders(c, Object.entries(headers), next);
  };
}
