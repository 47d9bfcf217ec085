import type { Context, Hono, MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import { routeMethod, routePath } from '../../protocol/route-paths.ts';
import { type RouteBody, type RouteKey, type RouteQuery, type RouteResponse, restRoutes } from '../../protocol/routes.ts';
import type { Auth } from '../auth/access.ts';
import { requireAuth } from '../auth/middleware.ts';
import { parseBody, parseInput } from './body.ts';
import type { AppEnv } from './env.ts';
import { JsonText } from './json-text.ts';

export type Ctx = Context<AppEnv>;

/** What a handler gets besides the context, typed by the route table: the caller (required for
 * `auth: 'user'` routes, checked before the handler runs), and the body and query parsed with the
 * route's own schemas (on demand, so a handler checks access before it reads the body). */
export interface RouteInput<K extends RouteKey> {
  auth: (typeof restRoutes)[K]['auth'] extends 'user' ? Auth : Auth | null;
  body(): Promise<RouteBody<K>>;
  query(): RouteQuery<K>;
}

type Answer<K extends RouteKey> = RouteResponse<K> | JsonText<RouteResponse<K>>;
export type RouteHandler<K extends RouteKey> = (c: Ctx, input: RouteInput<K>) => Promise<Answer<K>> | Answer<K>;

/** Register a route of protocol/routes.ts: its method and path, its auth rule, its schemas and its
 * response type come from the table (a handler answering another shape fails the type check).
 * The answer is JSON with the status set by `c.status()` (200 by default); a JsonText is sent as
 * it was serialised. */
export function route<K extends RouteKey>(app: Hono<AppEnv>, key: K, ...chain: [...MiddlewareHandler<AppEnv>[], RouteHandler<K>]): void {
  const spec = restRoutes[key] as { auth: 'public' | 'user'; body?: z.ZodType; query?: z.ZodType };
  const handler = chain.pop() as RouteHandler<K>;
  const middleware = chain as MiddlewareHandler<AppEnv>[];
  // Hono's overloads cannot see through a spread of middleware; the handler types are checked above.
  const on = app.on.bind(app) as (method: string, path: string, ...handlers: MiddlewareHandler<AppEnv>[]) => unknown;
  on(routeMethod(key), routePath(key), ...middleware, async (c) => {
    const input = {
      auth: spec.auth === 'user' ? requireAuth(c) : c.var.auth,
      body: () => parseBody(c, spec.body!),
      query: () => parseInput(spec.query!, c.req.query()),
    } as RouteInput<K>;
    const answer = await handler(c, input);
    return answer instanceof JsonText ? c.body(answer.text, { headers: { 'Content-Type': 'application/json' } }) : c.json(answer);
  });
}

/** A positive integer from a path segment, or null ('12abc', '0', '1e3' are not ids). */
export function pathId(raw: string | undefined): number | null {
  if (!raw || !/^\d{1,16}$/.test(raw)) return null;
  const n = Number(raw);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}
