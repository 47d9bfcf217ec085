import type { Context } from 'hono';
import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { isTruthyFlag } from '../../protocol/common.ts';
import {
  deviceSessionCreateRequestSchema,
  deviceTokenBodySchema,
  loginRequestSchema,
  type DeviceSessionCreateResponse,
  type DeviceSessionRefreshResponse,
  type LoginResponse,
} from '../../protocol/rest/auth.ts';
import { DEVICE_COOKIE, clearAuthCookies, setAccessCookie, setDeviceCookie } from '../auth/cookies.ts';
import { bearerToken, requireAuth } from '../auth/middleware.ts';
import { burnPasswordCheck, hashPassword, verifyPassword } from '../auth/passwords.ts';
import { TokenService } from '../auth/tokens.ts';
import type { AppEnv, Services } from '../context.ts';
import { ApiError } from '../http/api-error.ts';
import { parseBody, readJson, parseInput } from '../http/body.ts';
import { clientIp } from '../http/client-ip.ts';
import { rateLimit } from '../ratelimit/middleware.ts';
import type { UserRow } from '../users/store.ts';
import { endSessions } from './revoke.ts';
import type { ClientInfo } from './store.ts';

type Ctx = Context<AppEnv>;

function clientInfo(c: Ctx): ClientInfo {
  return { ip: clientIp(c, c.var.services.config.trustProxy), userAgent: c.req.header('user-agent') ?? null };
}

const loginUser = (u: UserRow) => ({ id: u.id, username: u.username, nickname: u.nickname, profile_image: u.profileImage });

/** Username + password check shared by both logins; same answer for unknown user and wrong password. */
async function checkCredentials(s: Services, username: string, password: string): Promise<UserRow> {
  const user = await s.users.byUsername(username);
  if (!user) {
    await burnPasswordCheck(password);
    throw new ApiError('AUTH_INVALID_CREDENTIALS');
  }
  const verdict = await verifyPassword(password, user.passwordHash);
  if (!verdict.ok) throw new ApiError('AUTH_INVALID_CREDENTIALS');
  assertApproved(user);
  if (verdict.needsRehash) await s.users.setPasswordHash(user.id, await hashPassword(password));
  return user;
}

function assertApproved(user: UserRow): void {
  if (user.approvalStatus === 'pending') throw new ApiError('AUTH_ACCOUNT_PENDING');
  if (user.approvalStatus === 'rejected') throw new ApiError('AUTH_ACCOUNT_REJECTED');
}

/** Access token for a session, also set as the HttpOnly `session` cookie. */
async function grantAccess(c: Ctx, userId: number, sessionId: number) {
  const s = c.var.services;
  const access = await s.tokens.signAccess(userId, sessionId);
  setAccessCookie(c, access.token, s.config.accessTokenTtlSeconds, s.config.useHttps);
  return {
    csrf_token: s.tokens.csrfToken(sessionId),
    access_token: access.token,
    access_expires_at: access.expiresAt.toISOString(),
    device_session_id: sessionId,
  };
}

/** Where a device token may come from: Bearer (origin clients; told apart by JWT typ),
 * X-Device-Token, body device_token, then the browser's HttpOnly cookie. */
async function presentedDeviceToken(c: Ctx): Promise<{ token: string | null; fromCookie: boolean }> {
  const bearer = bearerToken(c);
  if (bearer && TokenService.kindOf(bearer) === 'device') return { token: bearer, fromCookie: false };
  const header = c.req.header('x-device-token')?.trim();
  if (header) return { token: header, fromCookie: false };
  const body = parseInput(deviceTokenBodySchema, await readJson(c));
  if (body.device_token?.trim()) return { token: body.device_token.trim(), fromCookie: false };
  const cookie = getCookie(c, DEVICE_COOKIE);
  return { token: cookie ?? null, fromCookie: Boolean(cookie) };
}

export function sessionRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post('/api/login', rateLimit('login'), async (c) => {
    const s = c.var.services;
    // /api/login is the browser login (it answers with HttpOnly cookies).
    if (s.config.desktopOnlyMode) throw new ApiError('AUTH_BROWSER_LOGIN_DISABLED');
    const body = await parseBody(c, loginRequestSchema);
    const user = await checkCredentials(s, body.username, body.password);
    const remember = body.remember ?? false;
    const issued = await s.sessions.create({
      userId: user.id,
      deviceName: 'Web Browser',
      remember,
      clientKind: 'browser',
      client: clientInfo(c),
    });
    setDeviceCookie(c, issued.deviceToken, new Date(issued.expiresAt), remember, s.config.useHttps);
    await s.users.logAccess(user.id, 'login', clientInfo(c).ip, clientInfo(c).userAgent);
    const res: LoginResponse = {
      success: true,
      user: loginUser(user),
      expires_at: issued.expiresAt,
      ...(await grantAccess(c, user.id, issued.sessionId)),
    };
    return c.json(res);
  });

  app.post('/api/device-sessions', rateLimit('deviceLogin'), async (c) => {
    const s = c.var.services;
    const body = await parseBody(c, deviceSessionCreateRequestSchema);
    const user = await checkCredentials(s, body.username, body.password);
    const issued = await s.sessions.create({
      userId: user.id,
      deviceName: body.device_name,
      remember: body.remember,
      clientKind: 'desktop',
      client: clientInfo(c),
    });
    await s.users.logAccess(user.id, 'login_device', clientInfo(c).ip, clientInfo(c).userAgent);
    const res: DeviceSessionCreateResponse = {
      access_ok: true,
      device_token: issued.deviceToken,
      expires_at: issued.expiresAt,
      user: loginUser(user),
      remember: issued.remember,
      ...(await grantAccess(c, user.id, issued.sessionId)),
    };
    return c.json(res);
  });

  app.post('/api/device-sessions/refresh', rateLimit('refresh'), async (c) => {
    const s = c.var.services;
    const { token, fromCookie } = await presentedDeviceToken(c);
    if (!token) throw new ApiError('AUTH_DEVICE_TOKEN_REQUIRED');
    if (fromCookie && s.config.desktopOnlyMode) throw new ApiError('AUTH_BROWSER_LOGIN_DISABLED');
    const outcome = await s.sessions.refresh(token, clientInfo(c));
    if (outcome.kind === 'reused') {
      s.logger.warn('device token reuse: session revoked', { session_id: outcome.sessionId, user_id: outcome.userId });
      endSessions(s, [outcome.sessionId]);
    }
    if (outcome.kind !== 'ok') {
      if (fromCookie) clearAuthCookies(c, s.config.useHttps);
      throw new ApiError('AUTH_TOKEN_INVALID_OR_EXPIRED');
    }
    const user = await s.users.byId(outcome.userId);
    if (!user) throw new ApiError('USER_NOT_FOUND', 401);
    // The origin skipped this: a rejected or re-pended account cannot keep refreshing.
    assertApproved(user);
    if (fromCookie) setDeviceCookie(c, outcome.deviceToken, new Date(outcome.expiresAt), outcome.remember, s.config.useHttps);
    await s.users.logAccess(user.id, 'refresh_device_session', clientInfo(c).ip, clientInfo(c).userAgent);
    const res: DeviceSessionRefreshResponse = {
      access_ok: true,
      ...(fromCookie ? {} : { device_token_rotated: outcome.deviceToken }),
      expires_at: outcome.expiresAt,
      user: loginUser(user),
      remember: outcome.remember,
      ...(await grantAccess(c, user.id, outcome.sessionId)),
    };
    return c.json(res);
  });

  app.delete('/api/device-sessions/current', async (c) => {
    const s = c.var.services;
    const { token } = await presentedDeviceToken(c);
    const sessionId = token ? await s.sessions.sessionIdOf(token) : (c.var.auth?.sessionId ?? null);
    const revoked = sessionId !== null && (await s.sessions.revoke(sessionId, 'logout'));
    if (revoked) endSessions(s, [sessionId]);
    clearAuthCookies(c, s.config.useHttps);
    await s.users.logAccess(c.var.auth?.userId ?? null, 'logout_device', clientInfo(c).ip, clientInfo(c).userAgent);
    return c.json({ success: true as const, revoked });
  });

  app.post('/api/logout', async (c) => {
    const s = c.var.services;
    let sessionId = c.var.auth?.sessionId ?? null;
    if (sessionId === null) {
      const { token } = await presentedDeviceToken(c);
      sessionId = token ? await s.sessions.sessionIdOf(token) : null;
    }
    if (sessionId !== null && (await s.sessions.revoke(sessionId, 'logout'))) endSessions(s, [sessionId]);
    clearAuthCookies(c, s.config.useHttps);
    await s.users.logAccess(c.var.auth?.userId ?? null, 'logout', clientInfo(c).ip, clientInfo(c).userAgent);
    return c.json({ success: true as const });
  });

  app.get('/api/device-sessions', async (c) => {
    const auth = requireAuth(c);
    const sessions = await c.var.services.sessions.list(auth.userId, isTruthyFlag(c.req.query('include_expired')), auth.sessionId);
    return c.json({ sessions });
  });

  app.delete('/api/device-sessions/:id', async (c) => {
    const s = c.var.services;
    const auth = requireAuth(c);
    const id = Number(c.req.param('id'));
    if (!/^\d+$/.test(c.req.param('id')) || !Number.isSafeInteger(id) || id <= 0) throw new ApiError('SESSION_NOT_FOUND');
    if (!(await s.sessions.revoke(id, 'revoked_by_user', auth.userId))) throw new ApiError('SESSION_NOT_FOUND');
    endSessions(s, [id]);
    const currentRevoked = id === auth.sessionId;
    if (currentRevoked) clearAuthCookies(c, s.config.useHttps);
    return c.json({ success: true as const, current_revoked: currentRevoked });
  });

  return app;
}
