import { describe, expect, it } from 'vitest';
import { adminAuditResponseSchema, adminResetPasswordResponseSchema, adminUserListResponseSchema } from '../../protocol/rest/admin.ts';
import { restRoutes } from '../../protocol/routes.ts';
import { type Api, registerAndLogin } from '../helpers/http.ts';
import { adminSuite, as, expectError } from './fixture.ts';

const { env, admin } = adminSuite();

/** Every admin route, called on a fresh target account. */
const calls: Record<string, (a: Api, target: number, opts: { token?: string }) => Promise<{ status: number; body: any }>> = {
  'GET /api/admin/users': (a, _t, o) => a.get('/api/admin/users', o),
  'POST /api/admin/users/approve': (a, t, o) => a.post('/api/admin/users/approve', { user_id: t, action: 'approve' }, o),
  'POST /api/admin/users/:id/reject': (a, t, o) => a.post(`/api/admin/users/${t}/reject`, undefined, o),
  'POST /api/admin/users/:id/disable': (a, t, o) => a.post(`/api/admin/users/${t}/disable`, undefined, o),
  'POST /api/admin/users/:id/enable': (a, t, o) => a.post(`/api/admin/users/${t}/enable`, undefined, o),
  'POST /api/admin/users/:id/reset-password': (a, t, o) => a.post(`/api/admin/users/${t}/reset-password`, undefined, o),
  'GET /api/admin/audit': (a, _t, o) => a.get('/api/admin/audit', o),
};

describe('admin routes: who may call them', () => {
  it('covers every /api/admin route of the table', () => {
    expect(Object.keys(calls).sort()).toEqual(Object.keys(restRoutes).filter((k) => k.includes(' /api/admin/')).sort());
  });

  for (const [key, call] of Object.entries(calls)) {
    it(`${key}: anonymous 401, a non-admin 403, the platform admin 200 — errors in the envelope`, async () => {
      const target = await registerAndLogin(env.a);
      const user = await registerAndLogin(env.a);
      await expectError(call(env.a, target.userId, {}), 401, 'AUTH_LOGIN_REQUIRED');
      await expectError(call(env.a, target.userId, as(user)), 403, 'PLATFORM_ADMIN_REQUIRED');
      // The non-admin's call changed nothing: the target still signs in.
      expect((await env.a.get('/api/profile', as(target))).status).toBe(200);
      const ok = await call(env.a, target.userId, as(admin()));
      expect(ok.status).toBe(200);
      if (key === 'GET /api/admin/users') adminUserListResponseSchema.parse(ok.body);
      else if (key === 'GET /api/admin/audit') adminAuditResponseSchema.parse(ok.body);
      else if (key.endsWith('reset-password')) adminResetPasswordResponseSchema.parse(ok.body);
      else expect(ok.body.success).toBe(true);
    });
  }

  it('a malformed or unknown id is 404 USER_NOT_FOUND; a bad status filter is 400', async () => {
    for (const action of ['reject', 'disable', 'enable', 'reset-password']) {
      await expectError(env.a.post(`/api/admin/users/abc/${action}`, undefined, as(admin())), 404, 'USER_NOT_FOUND');
      await expectError(env.a.post(`/api/admin/users/999999/${action}`, undefined, as(admin())), 404, 'USER_NOT_FOUND');
    }
    await expectError(env.a.get('/api/admin/users?status=everyone', as(admin())), 400, 'ADMIN_USER_STATUS_INVALID');
  });

  it('GET /api/me marks the first account, and only it, as platform admin', async () => {
    expect((await env.a.get('/api/me', as(admin()))).body.user).toMatchObject({ is_platform_admin: true, must_change_password: false });
    const other = await registerAndLogin(env.a);
    expect((await env.a.get('/api/me', as(other))).body.user.is_platform_admin).toBe(false);
  });
});
