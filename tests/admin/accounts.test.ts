import type { Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { timestampSchema } from '../../protocol/common.ts';
import { adminUserListResponseSchema } from '../../protocol/rest/admin.ts';
import { AdminRepo } from '../../server/admin/repo.ts';
import { CookieJar, PASSWORD, uniqueName } from '../helpers/http.ts';
import { connectSocket, nextEvent } from '../helpers/socket.ts';
import { adminSuite, as, expectError } from './fixture.ts';

// Self-registration off: new accounts wait for approval (the first one is the admin, approved).
const { env, admin } = adminSuite({ config: { allowSelfRegister: false } });

async function register(prefix = 'u'): Promise<{ username: string; userId: number }> {
  const username = uniqueName(prefix);
  const res = await env.a.post('/api/register', { username, password: PASSWORD });
  expect(res.status).toBe(202);
  return { username, userId: res.body.user_id };
}

const login = (username: string, password = PASSWORD) => env.a.post('/api/device-sessions', { username, password, device_name: 'Test' });

/** A registered, approved and signed-in user. */
async function activeUser(prefix = 'u') {
  const u = await register(prefix);
  expect((await env.a.post('/api/admin/users/approve', { user_id: u.userId, action: 'approve' }, as(admin()))).status).toBe(200);
  const res = await login(u.username);
  expect(res.status).toBe(200);
  return { ...u, accessToken: res.body.access_token as string, deviceToken: res.body.device_token as string };
}

async function listed(query = '') {
  const res = await env.a.get(`/api/admin/users${query}`, as(admin()));
  expect(res.status).toBe(200);
  return adminUserListResponseSchema.parse(res.body).users;
}

const statusOf = async (userId: number) => (await listed()).find((u) => u.id === userId)?.status;

describe('approval', () => {
  it('a pending account is listed as pending, cannot log in, and logs in once approved', async () => {
    const u = await register('pend');
    const pending = await listed('?status=pending');
    expect(pending.find((x) => x.id === u.userId)).toMatchObject({ username: u.username, status: 'pending', is_platform_admin: false, last_login_at: null });
    await expectError(login(u.username), 403, 'AUTH_ACCOUNT_PENDING');

    const ok = await env.a.post('/api/admin/users/approve', { user_id: u.userId, action: 'approve' }, as(admin()));
    expect(ok.body).toEqual({ success: true, user_id: u.userId, status: 'approved' });
    expect((await listed('?status=pending')).some((x) => x.id === u.userId)).toBe(false);
    expect((await login(u.username)).status).toBe(200);
    const active = (await listed('?status=active')).find((x) => x.id === u.userId)!;
    expect(active.status).toBe('active');
    // Times are UTC ISO-8601; the login was noted.
    timestampSchema.parse(active.created_at);
    timestampSchema.parse(active.last_login_at);
  });

  it('a rejected account is neither pending nor active, and cannot log in', async () => {
    const u = await register('rej');
    expect((await env.a.post(`/api/admin/users/${u.userId}/reject`, undefined, as(admin()))).body).toEqual({ success: true });
    expect(await statusOf(u.userId)).toBe('rejected');
    expect((await listed('?status=pending')).some((x) => x.id === u.userId)).toBe(false);
    expect((await listed('?status=active')).some((x) => x.id === u.userId)).toBe(false);
    expect((await listed('?status=rejected')).some((x) => x.id === u.userId)).toBe(true);
    await expectError(login(u.username), 403, 'AUTH_ACCOUNT_REJECTED');
  });

  it('q matches a substring of the username, whatever the case, and not the nickname', async () => {
    const u = await register('ZebraQ');
    await env.a.post('/api/admin/users/approve', { user_id: u.userId, action: 'approve' }, as(admin()));
    expect((await listed('?q=ebraq')).map((x) => x.id)).toEqual([u.userId]);
    expect((await listed(`?q=${encodeURIComponent('%')}`)).length).toBe(0);
    expect((await listed('?q=The%20Admin')).length).toBe(0);
    expect((await listed('?status=all&q=')).length).toBeGreaterThan(1);
  });
});

describe('disable and enable', () => {
  it('disable ends every session at once (REST 401, sockets cut), refuses logins; enable restores login', async () => {
    const u = await activeUser('dis');
    // A second, browser session of the same account, and a socket on each.
    const jar = new CookieJar();
    expect((await env.a.post('/api/login', { username: u.username, password: PASSWORD }, { jar })).status).toBe(200);
    const sockets: Socket[] = [env.track(await connectSocket(env.t.url, u.accessToken))];
    const cut = sockets.map((s) => nextEvent<string>(s, 'disconnect'));

    expect((await env.a.post(`/api/admin/users/${u.userId}/disable`, undefined, as(admin()))).body).toEqual({ success: true });
    await expectError(env.a.get('/api/profile', as(u)), 401, 'AUTH_SESSION_EXPIRED');
    await expectError(env.a.get('/api/profile', { jar }), 401, 'AUTH_SESSION_EXPIRED');
    expect(await Promise.all(cut)).toEqual(['io server disconnect']);
    await expect(connectSocket(env.t.url, u.accessToken)).rejects.toThrow();
    await expectError(login(u.username), 403, 'AUTH_ACCOUNT_DISABLED');
    await expectError(env.a.post('/api/login', { username: u.username, password: PASSWORD }), 403, 'AUTH_ACCOUNT_DISABLED');
    await expectError(env.a.post('/api/device-sessions/refresh', { device_token: u.deviceToken }), 401, 'AUTH_TOKEN_INVALID_OR_EXPIRED');
    expect(await statusOf(u.userId)).toBe('disabled');
    expect((await listed('?status=disabled')).map((x) => x.id)).toContain(u.userId);

    expect((await env.a.post(`/api/admin/users/${u.userId}/enable`, undefined, as(admin()))).body).toEqual({ success: true });
    expect(await statusOf(u.userId)).toBe('active');
    const again = await login(u.username);
    expect(again.status).toBe(200);
    expect((await env.a.get('/api/profile', { token: again.body.access_token })).status).toBe(200);
  });

  it('an admin cannot disable, reject or reset themselves (400)', async () => {
    const me = admin().userId;
    await expectError(env.a.post(`/api/admin/users/${me}/disable`, undefined, as(admin())), 400, 'ADMIN_SELF_ACTION');
    await expectError(env.a.post(`/api/admin/users/${me}/reject`, undefined, as(admin())), 400, 'ADMIN_SELF_ACTION');
    await expectError(env.a.post('/api/admin/users/approve', { user_id: me, action: 'reject' }, as(admin())), 400, 'ADMIN_SELF_ACTION');
    await expectError(env.a.post(`/api/admin/users/${me}/reset-password`, undefined, as(admin())), 400, 'ADMIN_SELF_ACTION');
    expect((await env.a.get('/api/profile', as(admin()))).status).toBe(200);
  });

  it('the last platform admin cannot be locked out: two admins disabling each other at once leave one of them', async () => {
    const b = await activeUser('adm2');
    const c = await activeUser('adm3');
    const db = env.t.server.db;
    // b and c are the only platform admins for this test.
    await db.execute({ sql: 'UPDATE users SET is_platform_admin = (id IN (?, ?))', args: [b.userId, c.userId] });
    try {
      const answers = await Promise.all([
        env.a.post(`/api/admin/users/${b.userId}/disable`, undefined, as(c)),
        env.a.post(`/api/admin/users/${c.userId}/disable`, undefined, as(b)),
      ]);
      const statuses = answers.map((r) => r.status).sort();
      // One wins; the other is refused (409), or finds its own session already ended (401).
      expect(statuses[0]).toBe(200);
      expect([401, 409]).toContain(statuses[1]);
      const all = await new AdminRepo(db).list('all', '');
      const left = [b.userId, c.userId].map((id) => all.find((x) => x.id === id)!.status);
      expect([...left].sort()).toEqual(['active', 'disabled']);
      // Exactly one entry for the one action that happened.
      const rows = await db.execute({ sql: "SELECT COUNT(*) AS n FROM admin_audit WHERE action = 'user.disable' AND target_user_id IN (?, ?)", args: [b.userId, c.userId] });
      expect(Number(rows.rows[0]!.n)).toBe(1);
      // The repo refuses atomically, without an audit entry, whoever asks.
      const survivor = left[0] === 'active' ? b.userId : c.userId;
      const repo = new AdminRepo(db);
      expect(await repo.setDisabled({ actorId: null, action: 'user.disable', targetId: survivor })).toBe(false);
      expect(await repo.review({ actorId: null, action: 'user.reject', targetId: survivor })).toBe(false);
      const after = await db.execute({ sql: 'SELECT COUNT(*) AS n FROM admin_audit WHERE target_user_id = ?', args: [survivor] });
      expect(Number(after.rows[0]!.n)).toBe(1); // its approval only
    } finally {
      await db.execute({ sql: 'UPDATE users SET is_platform_admin = (id = ?), disabled_at = NULL', args: [admin().userId] });
    }
  });

  it('two platform admins: disabling the other one is allowed, and that one answers 409 when only they would be left', async () => {
    const b = await activeUser('adm4');
    await env.t.server.db.execute({ sql: 'UPDATE users SET is_platform_admin = 1 WHERE id = ?', args: [b.userId] });
    // The first admin is disabled behind the API's back (as a second instance might have done a
    // moment ago, before its session revocation arrived): b is now the last admin who can act.
    await env.t.server.db.execute({ sql: 'UPDATE users SET disabled_at = ? WHERE id = ?', args: [new Date().toISOString(), admin().userId] });
    try {
      await expectError(env.a.post(`/api/admin/users/${b.userId}/disable`, undefined, as(admin())), 409, 'ADMIN_LAST_PLATFORM_ADMIN');
      await expectError(env.a.post(`/api/admin/users/${b.userId}/reject`, undefined, as(admin())), 409, 'ADMIN_LAST_PLATFORM_ADMIN');
      expect((await env.a.get('/api/profile', as(b))).status).toBe(200);
    } finally {
      await env.t.server.db.execute({ sql: 'UPDATE users SET disabled_at = NULL WHERE id = ?', args: [admin().userId] });
      await env.t.server.db.execute({ sql: 'UPDATE users SET is_platform_admin = 0 WHERE id = ?', args: [b.userId] });
    }
  });
});

describe('reset password', () => {
  it('gives a temporary password once; the old one stops working; the user must change it', async () => {
    const u = await activeUser('rst');
    const res = await env.a.post(`/api/admin/users/${u.userId}/reset-password`, undefined, as(admin()));
    expect(res.status).toBe(200);
    const temp = res.body.temporary_password as string;
    expect(temp.length).toBeGreaterThanOrEqual(8);
    // The user's sessions ended; the old password is refused, the temporary one works.
    await expectError(env.a.get('/api/profile', as(u)), 401, 'AUTH_SESSION_EXPIRED');
    await expectError(login(u.username), 401, 'AUTH_INVALID_CREDENTIALS');
    const signedIn = await login(u.username, temp);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.user.must_change_password).toBe(true);
    const tok = { token: signedIn.body.access_token as string };
    expect((await env.a.get('/api/me', tok)).body.user.must_change_password).toBe(true);

    expect((await env.a.put('/api/me/password', { current_password: temp, new_password: 'Brand-new-pw9' }, tok)).status).toBe(200);
    expect((await env.a.get('/api/me', tok)).body.user.must_change_password).toBe(false);
    await expectError(login(u.username, temp), 401, 'AUTH_INVALID_CREDENTIALS');
    expect((await login(u.username, 'Brand-new-pw9')).status).toBe(200);
  });

  it('two resets give two different temporary passwords', async () => {
    const u = await activeUser('rst2');
    const one = await env.a.post(`/api/admin/users/${u.userId}/reset-password`, undefined, as(admin()));
    const two = await env.a.post(`/api/admin/users/${u.userId}/reset-password`, undefined, as(admin()));
    expect(one.body.temporary_password).not.toBe(two.body.temporary_password);
  });
});
