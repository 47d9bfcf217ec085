import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { authenticate } from './auth/middleware.ts';
import type { AppEnv, Services } from './context.ts';
import { ApiError, errorResponse } from './http/api-error.ts';
import { securityHeaders } from './http/security-headers.ts';
import { messageRoutes } from './messages/routes.ts';
import { roomRoutes } from './rooms/routes.ts';
import { sessionRoutes } from './sessions/routes.ts';
import { systemRoutes } from './system/routes.ts';
import { userRoutes } from './users/routes.ts';
import { loadAssets } from './web/assets.ts';
import { webRoutes } from './web/routes.ts';

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

export function createApp(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.use('*', securityHeaders(services.config.useHttps));
  app.use('*', async (c, next) => {
    c.set('services', services);
    await next();
  });
  const limitBody = bodyLimit({
    maxSize: services.config.maxContentLength,
    onError: (c) => errorResponse(c, 'PAYLOAD_TOO_LARGE', 413),
  });
  // GET/HEAD carry no body; skipping them also avoids materialising a full Request per read.
  app.use('*', (c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limitBody(c, next)));
  // The desktop app loads its UI from local resources and calls the server cross-origin with a
  // Bearer token. No credentials are ever allowed cross-origin, so cookies stay same-origin only.
  app.use(
    '/api/*',
    cors({
      origin: '*',
      allowHeaders: ['Authorization', 'Content-Type', 'X-Device-Token', 'X-App-Language', 'X-CSRFToken'],
      allowMethods: ['GET', 'POST', 'PUT', 'DELETE'],
      exposeHeaders: ['Retry-After', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'],
      maxAge: 600,
    }),
  );
  app.use('*', authenticate);

  app.route('/', sessionRoutes());
  app.route('/', userRoutes());
  app.route('/', systemRoutes());
  app.route('/', messageRoutes());
  app.route('/', roomRoutes());
  // Last: the web client's files, after every API route.
  app.route('/', webRoutes(loadAssets(services.config.clientDir)));

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
    services.logger.error('unhandled error', { path: c.req.path, method: c.req.method, error: (err as Error).stack ?? String(err) });
    return errorResponse(c, 'INTERNAL_ERROR', 500);
  });

  return app;
}
