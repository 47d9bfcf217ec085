import type { Context } from 'hono';
import type { AppEnv } from '../context.ts';

/** The peer address; X-Forwarded-For's first entry only when TRUST_PROXY is set (behind nginx). */
export function clientIp(c: Context<AppEnv>, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded.slice(0, 64);
  }
  return (c.env?.incoming?.socket?.remoteAddress ?? 'unknown').slice(0, 64);
}
