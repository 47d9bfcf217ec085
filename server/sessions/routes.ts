import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { DEVICE_COOKIE, clearAuthCookies, setAccessCookie, setDeviceCookie } from '../auth/cookies.ts';
import { bearerToken } from '../auth/middleware.ts';
import { burnPasswordCheck, hashPassword, verifyPassword } from '../auth/passwords.ts';
import { TokenService } from '../auth/tokens.ts';
import type { AccessLogRepo } from '../audit/repo.ts';
import type { Config } from '../config.ts';
import { ApiError } from '../http/api-error.ts';
import type { AppEnv } from '../http/env.ts';
import { type Ctx, pathId, route } from '../http/route.ts';
import type { Logger } from '../logger.ts';
import type { Limit } from '../ratelimit/middleware.ts';
import type { UserRepo, UserRow } from '../users/repo.ts';
import type { ClientInfo, DeviceSessionRepo } from './repo.ts';
import type { SessionEnd } from './revoke.ts';

export interface SessionDeps {
  sessions: DeviceSessionRepo;
  users: UserRepo;
  tokens: TokenService;
  end: SessionEnd;
  accessLog: AccessLogRepo;
  limit: Limit;
  logger: Logger;
  config: Pick<Config, 'desktopOnlyMode' | 'useHttps' | 'accessTokenTtlSeconds'>;
}

const clientInfo = (c: Ctx): ClientInfo => ({ ip: c.var.clientIp, userAgent: c.req.header('user-agent') ?? null });

const loginUser = (u: UserRow) => ({
  id: u.id,
  username: u.username,
  nickname: u.nickname,
  profile_image: u.profileImage,
  is_platform_admin: u.isPlatformAdmin,
  must_change_password: u.mustChangePassword,
});

/** Logins and refreshes: only approved accounts that are not disabled. */
function assertApproved(user: UserRow): void {
  if (user.disabledAt !== null) throw new ApiError('AUTH_ACCOUNT_DISABLED');
  if (user.approvalStatus === 'pending') throw new ApiError('AUTH_ACCOUNT_PENDING');
  if (user.approvalStatus === 'rejected') throw new ApiError('AUTH_ACCOUNT_REJECTED');
}

/** Login, device sessions (create, refresh with reuse detection, list, revoke) and logout. */
export function sessionRoutes(deps: SessionDeps): Hono<AppEnv> {
  const { sessions, users, tokens, end, config } = deps;
  const app = new Hono<AppEnv>();
  const log = (c: Ctx, userId: number | null, action: string) => deps.accessLog.record(userId, action, c.var.clientIp, c.req.header('user-agent') ?? null);

  /** Username + password check shared by both logins; same answer for unknown user and wrong password. */
  async function checkCredentials(username: string, password: string): Promise<UserRow> {
    const user = await users.byUsername(username);
    if (!user) {
      await burnPasswordCheck(password);
      throw new ApiError('AUTH_INVALID_CREDENTIALS');
    }
    const verdict = await verifyPassword(password, user.passwordHash);
    if (!verdict.ok) throw new ApiError('AUTH_INVALID_CREDENTIALS');
    assertApproved(user);
    if (verdict.needsRehash) await users.setPasswordHash(user.id, await hashPassword(password));
    await users.noteLogin(user.id);
    return user;
  }

  /** Access token for a session, also set as the HttpOnly `session` cookie. */
  async function grantAccess(c: Ctx, userId: number, sessionId: number) {
    const access = await tokens.signAccess(userId, sessionId);
    setAccessCookie(c, access.token, config.accessTokenTtlSeconds, config.useHttps);
    return {
      csrf_token: tokens.csrfToken(sessionId),
      access_token: access.token,
      access_expires_at: access.expiresAt.toISOString(),
      device_session_id: sessionId,
    };
  }

  /** Where a device token may come from: Bearer (origin clients; told apart by JWT typ),
   * X-Device-Token, body device_token, then the browser's HttpOnly cookie. */
  async function presentedDeviceToken(c: Ctx, body: () => Promise<{ device_token?: string }>): Promise<{ token: string | null; fromCookie: boolean }> {
    const bearer = bearerToken(c);
    if (bearer && TokenService.kindOf(bearer) === 'device') return { token: bearer, fromCookie: false };
    const header = c.req.header('x-device-token')?.trim();
    if (header) return { token: header, fromCookie: false };
    const fromBody = (await body()).device_token?.trim();
    if (fromBody) return { token: fromBody, fromCookie: false };
    const cookie = getCookie(c, DEVICE_COOKIE);
    return { token: cookie ?? null, fromCookie: Boolean(cookie) };
  }

  route(app, 'POST /api/login', deps.limit('login'), async (c, { body }) => {
    // /api/login is the browser login (it answers with HttpOnly cookies).
    if (config.desktopOnlyMode) throw new ApiError('AUTH_BROWSER_LOGIN_DISABLED');
    const input = await body();
    const user = await checkCredentials(input.username, input.password);
    const remember = input.remember ?? false;
    const issued = await sessions.create({ userId: user.id, deviceName: 'Web Browser', remember, clientKind: 'browser', client: clientInfo(c) });
    setDeviceCookie(c, issued.deviceToken, new Date(issued.expiresAt), remember, config.useHttps);
    await log(c, user.id, 'login');
    return { success: true, user: loginUser(user), expires_at: issued.expiresAt, ...(await grantAccess(c, user.id, issued.sessionId)) };
  });

  route(app, 'POST /api/device-sessions', deps.limit('deviceLogin'), async (c, { body }) => {
    const input = await body();
    const user = await checkCredentials(input.username, input.password);
    const issued = await sessions.create({ userId: user.id, deviceName: input.device_name, remember: input.remember, clientKind: 'desktop', client: clientInfo(c) });
    await log(c, user.id, 'login_device');
    return {
      access_ok: true,
      device_token: issued.deviceToken,
      expires_at: issued.expiresAt,
      user: loginUser(user),
      remember: issued.remember,
      ...(await grantAccess(c, user.id, issued.sessionId)),
    };
  });

  route(app, 'POST /api/device-sessions/refresh', deps.limit('refresh'), async (c, { body }) => {
    const { token, fromCookie } = await presentedDeviceToken(c, body);
    if (!token) throw new ApiError('AUTH_DEVICE_TOKEN_REQUIRED');
    if (fromCookie && config.desktopOnlyMode) throw new ApiError('AUTH_BROWSER_LOGIN_DISABLED');
    const outcome = await sessions.refresh(token, clientInfo(c));
    if (outcome.kind === 'reused') {
      deps.logger.warn('device token reuse: session revoked', { session_id: outcome.sessionId, user_id: outcome.userId });
      end.sessions([outcome.sessionId]);
    }
    if (outcome.kind !== 'ok') {
      if (fromCookie) clearAuthCookies(c, config.useHttps);
      throw new ApiError('AUTH_TOKEN_INVALID_OR_EXPIRED');
    }
    const user = await users.byId(outcome.userId);
    if (!user) throw new ApiError('USER_NOT_FOUND', 401);
    // The origin skipped this: a rejected or re-pended account cannot keep refreshing.
    assertApproved(user);
    if (fromCookie) setDeviceCookie(c, outcome.deviceToken, new Date(outcome.expiresAt), outcome.remember, config.useHttps);
    await log(c, user.id, 'refresh_device_session');
    return {
      access_ok: true,
      ...(fromCookie ? {} : { device_token_rotated: outcome.deviceToken }),
      expires_at: outcome.expiresAt,
      user: loginUser(user),
      remember: outcome.remember,
      ...(await grantAccess(c, user.id, outcome.sessionId)),
    };
  });

  route(app, 'DELETE /api/device-sessions/current', async (c, { auth, body }) => {
    const { token } = await presentedDeviceToken(c, body);
    const sessionId = token ? await sessions.sessionIdOf(token) : (auth?.sessionId ?? null);
    const revoked = sessionId !== null && (await sessions.revoke(sessionId, 'logout'));
    if (revoked) end.sessions([sessionId]);
    clearAuthCookies(c, config.useHttps);
    await log(c, auth?.userId ?? null, 'logout_device');
    return { success: true, revoked };
  });

  route(app, 'POST /api/logout', async (c, { auth, body }) => {
    let sessionId = auth?.sessionId ?? null;
    if (sessionId === null) {
      const { token } = await presentedDeviceToken(c, body);
      sessionId = token ? await sessions.sessionIdOf(token) : null;
    }
    if (sessionId !== null && (await sessions.revoke(sessionId, 'logout'))) end.sessions([sessionId]);
    clearAuthCookies(c, config.useHttps);
    await log(c, auth?.userId ?? null, 'logout');
    return { success: true };
  });

  route(app, 'GET /api/device-sessions', async (_c, { auth, query }) => ({
    sessions: await sessions.list(auth.userId, query().include_expired, auth.sessionId),
  }));

  route(app, 'POST /api/device-sessions/revoke-others', async (_c, { auth }) => {
    const revoked = await sessions.revokeAllForUser(auth.userId, 'revoked_by_user', auth.sessionId);
    end.sessions(revoked);
    return { success: true, revoked: revoked.length };
  });

  route(app, 'DELETE /api/device-sessions/:id', async (c, { auth }) => {
    const id = pathId(c.req.param('id'));
    if (id === null || !(await sessions.revoke(id, 'revoked_by_user', auth.userId))) throw new ApiError('SESSION_NOT_FOUND');
    end.sessions([id]);
    const currentRevoked = id === auth.sessionId;
    if (currentRevoked) clearAuthCookies(c, config.useHttps);
    return { success: true, current_revoked: currentRevoked };
  });

  return app;
}
