import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.ts';

/** Sets `c.var.clientIp`: the peer address, or X-Forwarded-For's first entry when TRUST_PROXY is
 * set (behind nginx). */
export function clientIp(trustProxy: boolean): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const forwarded = trustProxy ? c.req.header('x-forwarded-for')?.split(',')[0]?.trim() : undefined;
    c.set('clientIp', (forwarded || (c.env?.incoming?.socket?.remoteAddress ?? 'unknown')).slice(0, 64));
    await next();
  };
}
