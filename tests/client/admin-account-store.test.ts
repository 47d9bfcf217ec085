import { describe, expect, it } from 'vitest';
import { translate } from '../../client/src/i18n/index.ts';
import { api } from '../helpers/http.ts';
import { useServer } from '../helpers/suite.ts';
import { type TestUser, newUser, startClient, until } from './harness.ts';

/** The admin and account stores of the real client (desktop, bearer mode) against a real server. */

const env = useServer();
const client = async (user: TestUser) => env.track(await startClient(env.t, user));
let first: TestUser | undefined;
/** The server's first account: its platform admin. */
const adminUser = async () => (first ??= await newUser(env.t, 'Admin'));

describe('the admin store', () => {
  it('lists by status and name, disables an account (its app is signed out at once) and enables it', async () => {
    const admin = await client(await adminUser());
    expect(admin.services.session.user?.is_platform_admin).toBe(true);
    const target = await newUser(env.t, 'Target');
    const theirs = await client(target);
    expect(theirs.services.session.user?.is_platform_admin).toBe(false);

    await admin.services.admin.loadUsers('all', target.username.toUpperCase());
    expect(admin.services.admin.users.value?.map((u) => u.id)).toEqual([target.userId]);
    await admin.services.admin.setDisabled(target.userId, true);
    expect(admin.services.admin.users.value?.[0]?.status).toBe('disabled');
    await until(() => expect(theirs.services.session.state.value).toEqual({ status: 'anonymous', error: translate('ko', 'session.ended') }));

    await admin.services.admin.setDisabled(target.userId, false);
    expect(admin.services.admin.users.value?.[0]?.status).toBe('active');
    await admin.services.admin.loadAudit();
    expect(admin.services.admin.audit.value?.slice(0, 2).map((e) => e.action)).toEqual(['user.enable', 'user.disable']);
    expect(admin.services.admin.names.value.get(target.userId)).toBe(target.username);
    expect(admin.services.admin.auditNext.value).toBeNull();
  });
});

describe('the account store', () => {
  it('revokes another session of mine (that app is signed out at once) and keeps this one', async () => {
    await adminUser();
    const me = await newUser(env.t, 'Me');
    const here = await client(me);
    const laptop = await api(env.t.url).post('/api/device-sessions', { username: me.username, password: 'Password123!', device_name: 'Laptop' });
    const there = await client({ ...me, deviceToken: laptop.body.device_token });
    await here.services.account.loadSessions();
    const other = here.services.account.sessions.value!.find((s) => s.device_name === 'Laptop')!;
    await here.services.account.revoke(other.id);
    await until(() => expect(there.services.session.state.value.status).toBe('anonymous'));
    expect(here.services.account.sessions.value!.some((s) => s.id === other.id)).toBe(false);
    expect(here.services.session.state.value.status).toBe('authenticated');
  });

  it('after an admin reset: must_change_password until the new password is set', async () => {
    const admin = await adminUser();
    const me = await newUser(env.t, 'Reset');
    const reset = await api(env.t.url).post(`/api/admin/users/${me.userId}/reset-password`, undefined, { token: admin.accessToken });
    const temporary = reset.body.temporary_password as string;
    const login = await api(env.t.url).post('/api/device-sessions', { username: me.username, password: temporary });
    const app = await client({ ...me, deviceToken: login.body.device_token });
    expect(app.services.session.user?.must_change_password).toBe(true);
    await app.services.account.changePassword(temporary, 'Chosen-pw-1', true);
    expect(app.services.session.user?.must_change_password).toBe(false);
    expect((await api(env.t.url).post('/api/device-sessions', { username: me.username, password: 'Chosen-pw-1' })).status).toBe(200);
  });
});
