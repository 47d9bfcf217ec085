import type { Context } from 'hono';
import { Hono } from 'hono';
import type { Profile } from '../../protocol/rest/users.ts';
import { clearAuthCookies } from '../auth/cookies.ts';
import { hashPassword, verifyPassword } from '../auth/passwords.ts';
import type { AccessLogRepo } from '../audit/repo.ts';
import type { Config } from '../config.ts';
import { ApiError } from '../http/api-error.ts';
import type { AppEnv } from '../http/env.ts';
import { route } from '../http/route.ts';
import type { Membership } from '../members/membership.ts';
import type { Broadcast } from '../realtime/broadcast.ts';
import type { Limit } from '../ratelimit/middleware.ts';
import type { DeviceSessionRepo } from '../sessions/repo.ts';
import type { SessionEnd } from '../sessions/revoke.ts';
import { announceProfile } from './profile-events.ts';
import type { UserRepo, UserRow } from './repo.ts';

export interface UserDeps {
  users: UserRepo;
  sessions: DeviceSessionRepo;
  end: SessionEnd;
  accessLog: AccessLogRepo;
  membership: Membership;
  broadcast: Broadcast;
  limit: Limit;
  config: Pick<Config, 'allowSelfRegister' | 'useHttps'>;
}

const profileOf = (u: UserRow): Profile => ({
  id: u.id,
  username: u.username,
  nickname: u.nickname,
  profile_image: u.profileImage,
  status: u.status,
  status_message: u.statusMessage,
});

/** Accounts: register, me, profile, password, deletion, the user lists (approval: admin/routes.ts). */
export function userRoutes(deps: UserDeps): Hono<AppEnv> {
  const { users, end, config } = deps;
  const app = new Hono<AppEnv>();
  const log = (c: Context<AppEnv>, userId: number | null, action: string) =>
    deps.accessLog.record(userId, action, c.var.clientIp, c.req.header('user-agent') ?? null);

  const userOf = async (userId: number): Promise<UserRow> => {
    const user = await users.byId(userId);
    if (!user) throw new ApiError('USER_NOT_FOUND');
    return user;
  };

  route(app, 'POST /api/register', deps.limit('register'), async (c, { body }) => {
    const input = await body();
    const created = await users.create({
      username: input.username,
      passwordHash: await hashPassword(input.password),
      nickname: input.nickname,
      pending: !config.allowSelfRegister,
    });
    if (created === null) throw new ApiError('USERNAME_TAKEN');
    const { id, pending } = created;
    await log(c, id, pending ? 'register_pending_approval' : 'register');
    if (!pending) return { success: true, user_id: id };
    c.status(202);
    return { success: true, pending_approval: true, user_id: id };
  });

  route(app, 'GET /api/me', async (_c, { auth }) => {
    const user = auth ? await users.byId(auth.userId) : null;
    if (!user) return { logged_in: false };
    const { id, username, nickname, profileImage, status } = user;
    return {
      logged_in: true,
      user: { id, username, nickname, profile_image: profileImage, status, is_platform_admin: user.isPlatformAdmin, must_change_password: user.mustChangePassword },
    };
  });

  route(app, 'GET /api/profile', async (_c, { auth }) => profileOf(await userOf(auth.userId)));

  route(app, 'PUT /api/profile', async (_c, { auth, body }) => {
    const user = await users.updateProfile(auth.userId, await body());
    if (!user) throw new ApiError('USER_NOT_FOUND');
    await announceProfile(deps, user);
    return { success: true, profile: profileOf(user) };
  });

  route(app, 'PUT /api/me/password', async (c, { auth, body }) => {
    const input = await body();
    const user = await userOf(auth.userId);
    if (!(await verifyPassword(input.current_password, user.passwordHash)).ok) throw new ApiError('PASSWORD_CURRENT_WRONG');
    await users.setOwnPassword(user.id, await hashPassword(input.new_password));
    // Every other device is signed out (device tokens included, unlike the origin) unless the
    // user chose to keep them; this one stays.
    if (input.sign_out_others) end.sessions(await deps.sessions.revokeAllForUser(user.id, 'password_changed', auth.sessionId));
    await log(c, user.id, 'change_password');
    return { success: true, message: '비밀번호가 변경되었습니다. 다른 기기에서의 세션은 로그아웃됩니다.' };
  });

  route(app, 'DELETE /api/me', async (c, { auth, body }) => {
    const user = await userOf(auth.userId);
    const { password } = await body();
    if (!(await verifyPassword(password, user.passwordHash)).ok) throw new ApiError('PASSWORD_WRONG');
    const sessionIds = await deps.sessions.revokeAllForUser(user.id, 'account_deleted');
    await log(c, user.id, 'delete_account');
    await users.delete(user.id);
    end.sessions(sessionIds);
    end.user(user.id);
    clearAuthCookies(c, config.useHttps);
    return { success: true };
  });

  route(app, 'GET /api/users', async (_c, { auth }) => users.listExcept(auth.userId));

  route(app, 'GET /api/users/online', async (_c, { auth }) =>
    (await users.listExcept(auth.userId))
      .filter((u) => u.status === 'online')
      .map(({ id, username, nickname, profile_image }) => ({ id, username, nickname, profile_image })),
  );

  return app;
}
