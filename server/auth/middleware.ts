import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppEnv, Auth } from '../context.ts';
import { ApiError, errorResponse } from '../http/api-error.ts';
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

/** Resolve the caller from a Bearer access token (desktop) or the `session` cookie (browser),
 * check the device session is live (revocation is immediate), and enforce CSRF on cookie writes. */
export const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const { tokens, sessionState } = c.var.services;
  const bearer = bearerToken(c);
  let token: string | null = null;
  let via: Auth['via'] = 'bearer';
  if (bearer && TokenService.kindOf(bearer) === 'access') token = bearer;
  else {
    token = getCookie(c, ACCESS_COOKIE) ?? null;
    via = 'cookie';
  }
  // Desktop-only mode: browsers (cookie credentials) are refused; desktop bearer clients go on.
  if (token && via === 'cookie' && c.var.services.config.desktopOnlyMode && !COOKIE_EXIT.has(`${c.req.method} ${c.req.path}`)) {
    return errorResponse(c, 'AUTH_BROWSER_LOGIN_DISABLED', 403);
  }
  let auth: Auth | null = null;
  if (token) {
    const claims = await tokens.verifyAccess(token);
    if (claims && (await sessionState.isLive(claims.sessionId, claims.userId))) {
      auth = { userId: claims.userId, sessionId: claims.sessionId, via };
    }
  }
  c.set('auth', auth);
  c.set('credentialsPresented', token !== null);
  if (auth?.via === 'cookie' && MUTATING.has(c.req.method) && !CSRF_EXEMPT.has(`${c.req.method} ${c.req.path}`)) {
    const presented = c.req.header('x-csrftoken') ?? c.req.header('x-csrf-token');
    if (!tokens.checkCsrf(auth.sessionId, presented)) return errorResponse(c, 'CSRF_INVALID', 403);
  }
  await next();
};

/** The caller, or 401: AUTH_LOGIN_REQUIRED without credentials, AUTH_SESSION_EXPIRED with dead ones
 * (an expired access token or a revoked session: the client refreshes once, then logs in). */
export function requireAuth(c: Context<AppEnv>): Auth {
  const auth = c.var.auth;
  if (!auth) throw new ApiError(c.var.credentialsPresented ? 'AUTH_SESSION_EXPIRED' : 'AUTH_LOGIN_REQUIRED', 401);
  return auth;
}
