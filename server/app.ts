import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { ApiError, errorResponse } from './http/api-error.ts';
import { clientIp } from './http/client-ip.ts';
import { anyOriginCors } from './http/cors.ts';
import { enforceHttps } from './http/enforce-https.ts';
import type { AppEnv } from './http/env.ts';
import { requestLog } from './http/request-log.ts';
import { securityHeaders } from './http/security-headers.ts';
import type { Logger } from './logger.ts';

export interface AppOptions {
  useHttps: boolean;
  /** Redirect plain HTTP to https:// (ENFORCE_HTTPS). */
  enforceHttps: boolean;
  trustProxy: boolean;
  maxContentLength: number;
  /** Routes (`METHOD /path`) that stream their body and enforce their own limit (uploads: the
   * file may be MAX_CONTENT_LENGTH, the multipart around it a little more). */
  streamedBodies?: ReadonlySet<string>;
  logger: Logger;
  /** Resolves the caller (sets `auth`) and enforces CSRF. */
  authenticate: MiddlewareHandler<AppEnv>;
  /** The features' routes, API first; the web client's files last. */
  routes: ReadonlyArray<Hono<AppEnv>>;
}

/** Path patterns of every registered route, to answer 405 (not 404) for a known path with the
 * wrong method. */
function methodIndex(app: Hono<AppEnv>): Array<{ re: RegExp; method: string }> {
  return app.routes
    .filter((r) => r.method !== 'ALL' && r.path.startsWith('/api'))
    .map((r) => ({
      method: r.method,
      re: new RegExp(`^${r.path.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\/:[^/]+/g, '/[^/]+').replace(/\*/g, '.*')}$`),
    }));
}

/** The HTTP side: security headers, body limit, CORS for the desktop app, authentication, the
 * features' routes, and the error envelope for everything that fails (404, 405, 413, 500 ...). */
export function createApp(opts: AppOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.use('*', requestLog(opts.logger));
  app.use('*', securityHeaders(opts.useHttps));
  app.use('*', clientIp(opts.trustProxy));
  if (opts.enforceHttps) app.use('*', enforceHttps(opts.trustProxy));
  const limitBody = bodyLimit({
    maxSize: opts.maxContentLength,
    onError: (c) => errorResponse(c, 'PAYLOAD_TOO_LARGE', 413),
  });
  // GET/HEAD carry no body; skipping them also avoids materialising a full Request per read.
  const streamed = opts.streamedBodies ?? new Set<string>();
  app.use('*', (c, next) =>
    c.req.method === 'GET' || c.req.method === 'HEAD' || streamed.has(`${c.req.method} ${c.req.path}`) ? next() : limitBody(c, next),
  );
  // The desktop app loads its UI from local resources and calls the server cross-origin with a
  // Bearer token: the API, and the files it shows (fetched into blob: URLs). No credentials are
  // ever allowed cross-origin, so cookies stay same-origin only.
  const crossOrigin = anyOriginCors({
    allowHeaders: ['Authorization', 'Content-Type', 'X-Device-Token', 'X-App-Language', 'X-CSRFToken', 'Range', 'If-None-Match'],
    allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'],
    exposeHeaders: ['Retry-After', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset', 'Content-Disposition', 'Content-Range', 'Content-Length', 'ETag'],
    maxAge: 600,
  });
  app.use('/api/*', crossOrigin);
  app.use('/uploads/*', crossOrigin);
  app.use('*', opts.authenticate);

  for (const routes of opts.routes) app.route('/', routes);

  const known = methodIndex(app);
  app.notFound((c) => {
    const allowed = [...new Set(known.filter((k) => k.re.test(c.req.path)).map((k) => k.method))];
    if (allowed.length > 0) return errorResponse(c, 'METHOD_NOT_ALLOWED', 405, { Allow: allowed.join(', ') });
    return errorResponse(c, 'NOT_FOUND', 404);
  });

  app.onError((err, c) => {
    if (err instanceof ApiError) return errorResponse(c, err.code, err.status, err.headers);
    if (err instanceof HTTPException) {
      const status = err.status;
      const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 404 ? 'NOT_FOUND' : status >= 500 ? 'INTERNAL_ERROR' : 'REQUEST_INVALID';
      return errorResponse(c, code, status);
    }
    opts.logger.error('unhandled error', { path: c.req.path, method: c.req.method, error: (err as Error).stack ?? String(err) });
    return errorResponse(c, 'INTERNAL_ERROR', 500);
  });

  return app;
}
