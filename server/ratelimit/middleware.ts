import type { MiddlewareHandler } from 'hono';
import type { RateLimitRoute } from '../config.ts';
import type { AppEnv } from '../context.ts';
import { errorResponse } from '../http/api-error.ts';
import { clientIp } from '../http/client-ip.ts';

/** Per-route limit with X-RateLimit-* headers on every answer and Retry-After on 429. */
export function rateLimit(route: RateLimitRoute): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { config, rateLimitStore } = c.var.services;
    if (!config.rateLimit.enabled) return next();
    const rule = config.rateLimit.rules[route];
    const ip = clientIp(c, config.trustProxy);
    const auth = c.var.auth;
    const who = config.rateLimit.keyMode === 'user_ip' && auth ? `${auth.userId}:${ip}` : ip;
    const { count, resetAt } = await rateLimitStore.hit(`${route}:${who}`, rule.windowMs);
    const headers = {
      'X-RateLimit-Limit': String(rule.limit),
      'X-RateLimit-Remaining': String(Math.max(0, rule.limit - count)),
      'X-RateLimit-Reset': String(Math.ceil(resetAt / 1000)),
    };
    if (count > rule.limit) {
      const retryAfter = Math.max(1, Math.ceil((resetAt - Date.now()) / 1000));
      return errorResponse(c, 'RATE_LIMITED', 429, { ...headers, 'Retry-After': String(retryAfter) });
    }
    await next();
    for (const [k, v] of Object.entries(headers)) c.res.headers.set(k, v);
  };
}
