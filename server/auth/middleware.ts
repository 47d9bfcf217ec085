import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { ApiError, errorResponse } from '../http/api-error.ts';
import type { AppEnv } from '../http/env.ts';
import type { AccessCheck, Auth } from './access.ts';
import { ACCESS_COOKIE } from './cookies.ts';
import { TokenService } from './tokens.ts';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Routes a cookie client may call without X-CSRFToken (the origin's exempt list): they either
 * create a session or only end one. */
const CSRF_EXEMPT = new Set([
  'POST /api/register',
  'POST /api/login',
  'POST /api/logout',
  'POST /api/device-sessions',
  'POST /api/device-sessions/refresh',
  'DELETE /api/device-sessions/current',
  'POST /api/auth/enterprise-login',
]);

/** What a refused browser may still do in desktop-only mode: clear its cookies. */
const COOKIE_EXIT = new Set(['POST /api/logout', 'DELETE /api/device-sessions/current']);

export function bearerToken(c: Context): string | null {
  return c.req.header('authorization')?.match(/^Bearer\s+(\S+)\s*$/i)?.[1] ?? null;
}

export interface AuthenticateDeps {
  checkAccess: AccessCheck;
  tokens: TokenService;
  /** Desktop-only mode (live: the settings file can switch it): cookie credentials are refused. */
  desktopOnlyMode: () => boolean;
}

/** Resolve the caller from a Bearer access token or the `session` cookie, and enforce CSRF on
 * cookie writes. Routes then call requireAuth (the route table says which). */
export function authenticate(deps: AuthenticateDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const bearer = bearerToken(c);
    const fromBearer = bearer && TokenService.kindOf(bearer) === 'access' ? bearer : null;
    const token = fromBearer ?? getCookie(c, ACCESS_COOKIE) ?? null;
    const via: Auth['via'] = fromBearer ? 'bearer' : 'cookie';
    const route = `${c.req.method} ${c.req.path}`;
    if (token && via === 'cookie' && deps.desktopOnlyMode() && !COOKIE_EXIT.has(route)) {
      return errorResponse(c, 'AUTH_BROWSER_LOGIN_DISABLED', 403);
    }
    const auth = token ? await deps.checkAccess(token, via) : null;
    c.set('auth', auth);
    c.set('credentialsPresented', token !== null);
    if (auth?.via === 'cookie' && MUTATING.has(c.req.method) && !CSRF_EXEMPT.has(route)) {
      const presented = c.req.header('x-csrftoken') ?? c.req.header('x-csrf-token');
      if (!deps.tokens.checkCsrf(auth.sessionId, presented)) return errorResponse(c, 'CSRF_INVALID', 403);
    }
    await next();
  };
}

/** The caller, or 401: AUTH_LOGIN_REQUIRED without credentials, AUTH_SESSION_EXPIRED with dead ones
 * (an expired access token or a revoked session: the client refreshes once, then logs in). */
export function requireAuth(c: Context<AppEnv>): Auth {
  const auth = c.var.auth;
  if (!auth) throw new ApiError(c.var.credentialsPresented ? 'AUTH_SESSION_EXPIRED' : 'AUTH_LOGIN_REQUIRED', 401);
  return auth;
}
