import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.ts';

/** Probes that a load balancer or Prometheus sends over plain HTTP inside the network: a
 * redirect would read as "down". */
const PLAIN_ALLOWED = new Set(['/api/system/ready', '/metrics']);
const HOST = /^[A-Za-z0-9.-]+$|^\[[0-9A-Fa-f:.]+\]$/;

/** ENFORCE_HTTPS: a plain-HTTP request is redirected (308, method kept) to the same path on
 * https:// and the default port. Secure means TLS on this socket, or, behind TRUST_PROXY, the
 * proxy's X-Forwarded-Proto saying https (its first entry). */
export function enforceHttps(trustProxy: boolean): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const url = new URL(c.req.url);
    const forwarded = trustProxy ? c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase() : undefined;
    if (url.protocol === 'https:' || forwarded === 'https' || PLAIN_ALLOWED.has(url.pathname)) return next();
    // The name the client asked for, without its port (the plain port is not the TLS one).
    const host = (c.req.header('host') ?? '').replace(/:\d+$/, '');
    if (!HOST.test(host)) return c.text('HTTPS required', 400);
    return c.redirect(`https://${host}${url.pathname}${url.search}`, 308);
  };
}
