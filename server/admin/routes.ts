import { Hono } from 'hono';
import type { Auth } from '../auth/access.ts';
import { hashPassword } from '../auth/passwords.ts';
import type { AccessLogRepo } from '../audit/repo.ts';
import { ApiError } from '../http/api-error.ts';
import type { AppEnv } from '../http/env.ts';
import { type Ctx, pathId, route } from '../http/route.ts';
import type { DeviceSessionRepo } from '../sessions/repo.ts';
import type { SessionEnd } from '../sessions/revoke.ts';
import type { UserRepo, UserRow } from '../users/repo.ts';
import type { AdminRepo } from './repo.ts';
import { temporaryPassword } from './temporary-password.ts';

export interface AdminDeps {
  admin: AdminRepo;
  users: UserRepo;
  sessions: DeviceSessionRepo;
  end: SessionEnd;
  accessLog: AccessLogRepo;
}

/** Platform administration: the account list, approval, reject, disable/enable, password reset
 * and the audit log. Every route checks the caller is a platform admin before reading its input;
 * every action writes one admin_audit entry. */
export function adminUserRoutes(deps: AdminDeps): Hono<AppEnv> {
  const { admin, users, sessions, end } = deps;
  const app = new Hono<AppEnv>();

  async function requireAdmin(auth: Auth): Promise<UserRow> {
    const user = await users.byId(auth.userId);
    if (!user?.isPlatformAdmin) throw new ApiError('PLATFORM_ADMIN_REQUIRED');
    return user;
  }

  async function target(id: number | null): Promise<UserRow> {
    const user = id === null ? null : await users.byId(id);
    if (!user) throw new ApiError('USER_NOT_FOUND');
    return user;
  }

  /** Locking an account out: never your own; never the last platform admin who can act (the
   * repo checks that atomically and answers false). */
  function assertNotSelf(actor: UserRow, user: UserRow): void {
    if (user.id === actor.id) throw new ApiError('ADMIN_SELF_ACTION');
  }
  const lockedOut = (done: boolean) => {
    if (!done) throw new ApiError('ADMIN_LAST_PLATFORM_ADMIN');
  };

  /** Every session of the account ends now: REST answers 401 and its sockets are cut. */
  async function endAllSessions(userId: number, reason: string): Promise<void> {
    end.sessions(await sessions.revokeAllForUser(userId, reason));
    end.user(userId);
  }

  const log = (c: Ctx, userId: number, action: string) => deps.accessLog.record(userId, action, c.var.clientIp, c.req.header('user-agent') ?? null);

  async function review(c: Ctx, actor: UserRow, user: UserRow, approve: boolean, reason?: string): Promise<void> {
    if (!approve) assertNotSelf(actor, user);
    lockedOut(await admin.review({ actorId: actor.id, action: approve ? 'user.approve' : 'user.reject', targetId: user.id, details: { username: user.username } }, reason));
    if (!approve) await endAllSessions(user.id, 'account_rejected');
    // The origin's access-log entry, kept.
    await log(c, actor.id, `approve_user_${approve ? 'approve' : 'reject'}`);
  }

  route(app, 'GET /api/admin/users', async (_c, { auth, query }) => {
    await requireAdmin(auth);
    const { status, q } = query();
    return { users: await admin.list(status, q) };
  });

  // The origin's route and body, kept.
  route(app, 'POST /api/admin/users/approve', async (c, { auth, body }) => {
    const actor = await requireAdmin(auth);
    const input = await body();
    const user = await target(input.user_id);
    await review(c, actor, user, input.action === 'approve', input.reason);
    return { success: true, user_id: user.id, status: input.action === 'approve' ? 'approved' : 'rejected' };
  });

  route(app, 'POST /api/admin/users/:id/reject', async (c, { auth }) => {
    const actor = await requireAdmin(auth);
    await review(c, actor, await target(pathId(c.req.param('id'))), false);
    return { success: true };
  });

  route(app, 'POST /api/admin/users/:id/disable', async (c, { auth }) => {
    const actor = await requireAdmin(auth);
    const user = await target(pathId(c.req.param('id')));
    assertNotSelf(actor, user);
    lockedOut(await admin.setDisabled({ actorId: actor.id, action: 'user.disable', targetId: user.id, details: { username: user.username } }));
    await endAllSessions(user.id, 'account_disabled');
    return { success: true };
  });

  route(app, 'POST /api/admin/users/:id/enable', async (c, { auth }) => {
    const actor = await requireAdmin(auth);
    const user = await target(pathId(c.req.param('id')));
    await admin.setDisabled({ actorId: actor.id, action: 'user.enable', targetId: user.id, details: { username: user.username } });
    return { success: true };
  });

  route(app, 'POST /api/admin/users/:id/reset-password', async (c, { auth }) => {
    const actor = await requireAdmin(auth);
    const user = await target(pathId(c.req.param('id')));
    // Your own password is changed with PUT /api/me/password (it asks for the current one).
    if (user.id === actor.id) throw new ApiError('ADMIN_SELF_ACTION');
    const password = temporaryPassword();
    // The entry names who and when, never the password.
    await admin.resetPassword({ actorId: actor.id, action: 'user.reset_password', targetId: user.id, details: { username: user.username } }, await hashPassword(password));
    await endAllSessions(user.id, 'password_reset');
    return { success: true, temporary_password: password };
  });

  route(app, 'GET /api/admin/audit', async (_c, { auth, query }) => {
    await requireAdmin(auth);
    const { limit, before_id } = query();
    const page = await admin.auditPage(limit, before_id);
    return { entries: page.entries, next_before_id: page.next };
  });

  return app;
}
