import type { Context } from 'hono';
import { Hono } from 'hono';
import { registerRequestSchema, approveUserRequestSchema, type MeResponse } from '../../protocol/rest/auth.ts';
import {
  accountDeleteRequestSchema,
  passwordChangeRequestSchema,
  profileUpdateRequestSchema,
  type Profile,
} from '../../protocol/rest/users.ts';
import { clearAuthCookies } from '../auth/cookies.ts';
import { requireAuth } from '../auth/middleware.ts';
import { hashPassword, verifyPassword } from '../auth/passwords.ts';
import type { AppEnv } from '../context.ts';
import { ApiError } from '../http/api-error.ts';
import { parseBody } from '../http/body.ts';
import { clientIp } from '../http/client-ip.ts';
import { rateLimit } from '../ratelimit/middleware.ts';
import { endSessions } from '../sessions/revoke.ts';
import type { UserRow } from './store.ts';

type Ctx = Context<AppEnv>;

const ipOf = (c: Ctx) => clientIp(c, c.var.services.config.trustProxy);
const uaOf = (c: Ctx) => c.req.header('user-agent') ?? null;

async function currentUser(c: Ctx): Promise<UserRow> {
  const auth = requireAuth(c);
  const user = await c.var.services.users.byId(auth.userId);
  if (!user) throw new ApiError('USER_NOT_FOUND');
  return user;
}

const profileOf = (u: UserRow): Profile => ({
  id: u.id,
  username: u.username,
  nickname: u.nickname,
  profile_image: u.profileImage,
  status: u.status,
  status_message: u.statusMessage,
});

export function userRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post('/api/register', rateLimit('register'), async (c) => {
    const s = c.var.services;
    const body = await parseBody(c, registerRequestSchema);
    const created = await s.users.create({
      username: body.username,
      passwordHash: await hashPassword(body.password),
      nickname: body.nickname,
      pending: !s.config.allowSelfRegister,
    });
    if (created === null) throw new ApiError('USERNAME_TAKEN');
    const { id, pending } = created;
    await s.users.logAccess(id, pending ? 'register_pending_approval' : 'register', ipOf(c), uaOf(c));
    if (pending) return c.json({ success: true as const, pending_approval: true as const, user_id: id }, 202);
    return c.json({ success: true as const, user_id: id });
  });

  app.get('/api/me', async (c) => {
    const auth = c.var.auth;
    const user = auth ? await c.var.services.users.byId(auth.userId) : null;
    const res: MeResponse = user
      ? {
          logged_in: true,
          user: { id: user.id, username: user.username, nickname: user.nickname, profile_image: user.profileImage, status: user.status },
        }
      : { logged_in: false };
    return c.json(res);
  });

  app.get('/api/profile', async (c) => c.json(profileOf(await currentUser(c))));

  app.put('/api/profile', async (c) => {
    const s = c.var.services;
    const auth = requireAuth(c);
    const body = await parseBody(c, profileUpdateRequestSchema);
    const user = await s.users.updateProfile(auth.userId, body);
    if (!user) throw new ApiError('USER_NOT_FOUND');
    // Server-emitted (the origin trusted a client relay): to the user's other clients and their rooms.
    await s.realtime.emitProfileUpdated(user);
    return c.json({ success: true as const, profile: profileOf(user) });
  });

  app.put('/api/me/password', async (c) => {
    const s = c.var.services;
    const auth = requireAuth(c);
    const body = await parseBody(c, passwordChangeRequestSchema);
    const user = await currentUser(c);
    if (!(await verifyPassword(body.current_password, user.passwordHash)).ok) throw new ApiError('PASSWORD_CURRENT_WRONG');
    await s.users.setPasswordHash(user.id, await hashPassword(body.new_password));
    // Every other device is signed out (device tokens included, unlike the origin); this one stays.
    endSessions(s, await s.sessions.revokeAllForUser(user.id, 'password_changed', auth.sessionId));
    await s.users.logAccess(user.id, 'change_password', ipOf(c), uaOf(c));
    return c.json({ success: true as const, message: '비밀번호가 변경되었습니다. 다른 기기에서의 세션은 로그아웃됩니다.' });
  });

  app.delete('/api/me', async (c) => {
    const s = c.var.services;
    const user = await currentUser(c);
    const body = await parseBody(c, accountDeleteRequestSchema);
    if (!(await verifyPassword(body.password, user.passwordHash)).ok) throw new ApiError('PASSWORD_WRONG');
    const sessionIds = await s.sessions.revokeAllForUser(user.id, 'account_deleted');
    await s.users.logAccess(user.id, 'delete_account', ipOf(c), uaOf(c));
    await s.users.delete(user.id);
    endSessions(s, sessionIds);
    s.sessionState.invalidateUser(user.id);
    s.realtime.disconnectUser(user.id);
    clearAuthCookies(c, s.config.useHttps);
    return c.json({ success: true as const });
  });

  app.get('/api/users', async (c) => {
    const auth = requireAuth(c);
    return c.json(await c.var.services.users.listExcept(auth.userId));
  });

  app.get('/api/users/online', async (c) => {
    const auth = requireAuth(c);
    const users = await c.var.services.users.listExcept(auth.userId);
    return c.json(
      users.filter((u) => u.status === 'online').map(({ id, username, nickname, profile_image }) => ({ id, username, nickname, profile_image })),
    );
  });

  app.post('/api/admin/users/approve', async (c) => {
    const s = c.var.services;
    const admin = await currentUser(c);
    if (!admin.isPlatformAdmin) throw new ApiError('PLATFORM_ADMIN_REQUIRED');
    const body = await parseBody(c, approveUserRequestSchema);
    const target = await s.users.byId(body.user_id);
    if (!target) throw new ApiError('USER_NOT_FOUND');
    await s.users.approve(target.id, admin.id, body.action === 'approve', body.reason);
    if (body.action === 'reject') endSessions(s, await s.sessions.revokeAllForUser(target.id, 'account_rejected'));
    await s.users.logAccess(admin.id, `approve_user_${body.action}`, ipOf(c), uaOf(c));
    return c.json({ success: true as const, user_id: target.id, status: body.action === 'approve' ? 'approved' : 'rejected' });
  });

  return app;
}
