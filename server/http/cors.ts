import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { withHeaders } from './fixed-headers.ts';

export interface CorsOptions {
  allowHeaders: string[];
  allowMethods: string[];
  exposeHeaders: string[];
  maxAge: number;
}

/** CORS for any origin, without credentials. Preflights are hono's `cors()`; every other request
 * gets the two headers through withHeaders. hono's `cors()` sets them on `c.res` before the
 * handler runs, which makes Hono merge that placeholder into the real answer by rebuilding it as a
 * full WHATWG Response: @hono/node-server then streams the body instead of writing the string,
 * measured at a third of a history page's CPU. */
export function anyOriginCors(opts: CorsOptions): MiddlewareHandler {
  const preflight = cors({ origin: '*', ...opts });
  const headers = [
    ['Access-Control-Allow-Origin', '*'],
    ['Access-Control-Expose-Headers', opts.exposeHeaders.join(',')],
  ] as const;
  return async (c, next) => {
    if (c.req.method === 'OPTIONS') return preflight(c, next);
    return withHeaders(c, headers, next);
  };
}
