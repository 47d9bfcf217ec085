import type { Context, MiddlewareHandler } from 'hono';

interface Outgoing {
  setHeader(name: string, value: string): unknown;
}

/** Node's ServerResponse of the request, when @hono/node-server serves it (every runtime here: the
 * server listens through node:http), else null. */
function outgoingOf(c: Context): Outgoing | null {
  const out = (c.env as { outgoing?: Partial<Outgoing> } | undefined)?.outgoing;
  return out && typeof out.setHeader === 'function' ? (out as Outgoing) : null;
}

/** Put a header on the answer, unless the answer sets its own of that name. Under @hono/node-server
 * it goes onto Node's ServerResponse before the handler runs: writeHead merges it in and the
 * answer's own header wins. Setting it on `c.res` instead builds a WHATWG Headers object for every
 * answer (undici validates each name and value): with the security and CORS headers that was
 * ~30 µs of a history page's CPU, measured. Elsewhere (a bare `app.fetch`), on `c.res` afterwards. */
export async function withHeaders(c: Context, headers: ReadonlyArray<readonly [string, string]>, next: () => Promise<void>): Promise<void> {
  const out = outgoingOf(c);
  if (out) {
    for (const [k, v] of headers) out.setHeader(k, v);
    return next();
  }
  await next();
  const h = c.res.headers;
  for (const [k, v] of headers) if (!h.has(k)) h.set(k, v);
}

/** Middleware form: the same headers on every answer it sees. */
export function fixedHeaders(headers: Record<string, string>): MiddlewareHandler {
  const list = Object.entries(headers);
  return (c, next) => withHeaders(c, list, next);
}
