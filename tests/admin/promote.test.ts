import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { adminCommand } from '../../server/cli/admin.ts';
import { PASSWORD, uniqueName } from '../helpers/http.ts';
import { dbBackend } from '../helpers/sqld.ts';
import { adminSuite, as } from './fixture.ts';

const run = promisify(execFile);
const { env, admin } = adminSuite({ config: { allowSelfRegister: false } });

/** Operator commands write to the primary: the server's database, or an embedded replica's primary. */
const primaryUrl = () => env.t.server.config.databaseSyncUrl ?? env.t.server.config.databaseUrl;

describe('admin promote <username>', () => {
  // Not on an embedded replica: the promotion reaches the replica within the sync interval, and the
  // login right after it would race that.
  it.skipIf(dbBackend === 'replica')('as an npm script, against the running server\'s data: the account becomes a platform admin that can sign in', async () => {
    const username = uniqueName('prom');
    const reg = await env.a.post('/api/register', { username, password: PASSWORD });
    expect(reg.status).toBe(202); // pending: promote also approves it
    const out = await run('npm', ['run', '--silent', 'admin', '--', 'promote', username], { env: { ...process.env, DATA_DIR: env.t.dataDir, DATABASE_URL: primaryUrl() } });
    expect(out.stdout).toContain(`${username} (id ${reg.body.user_id}) is now a platform admin`);

    const login = await env.a.post('/api/device-sessions', { username, password: PASSWORD });
    expect(login.status).toBe(200);
    expect((await env.a.get('/api/me', { token: login.body.access_token })).body.user.is_platform_admin).toBe(true);
    expect((await env.a.get('/api/admin/users', { token: login.body.access_token })).status).toBe(200);
    const audit = await env.a.get('/api/admin/audit?limit=1', as(admin()));
    expect(audit.body.entries[0]).toMatchObject({ action: 'user.promote', actor_user_id: null, target_user_id: reg.body.user_id });
  });

  it('exits 1 for an unknown user and 2 for bad usage, changing nothing', async () => {
    const env2 = { DATA_DIR: env.t.dataDir, DATABASE_URL: primaryUrl(), LOG_LEVEL: 'silent' };
    const before = (await env.a.get('/api/admin/audit?limit=200', as(admin()))).body.entries.length;
    expect(await adminCommand.run(['promote', 'no_such_user'], env2)).toBe(1);
    expect(await adminCommand.run([], env2)).toBe(2);
    expect(await adminCommand.run(['demote', 'x'], env2)).toBe(2);
    expect(await adminCommand.run(['promote', 'a', 'b'], env2)).toBe(2);
    expect((await env.a.get('/api/admin/audit?limit=200', as(admin()))).body.entries.length).toBe(before);
  });

  it('never "user id 1": the first account is the admin, the second is not', async () => {
    expect((await env.a.get('/api/me', as(admin()))).body.user.is_platform_admin).toBe(true);
    // An account approved normally stays a regular user.
    const username = uniqueName('reg');
    const reg = await env.a.post('/api/register', { username, password: PASSWORD });
    await env.a.post('/api/admin/users/approve', { user_id: reg.body.user_id, action: 'approve' }, as(admin()));
    const login = await env.a.post('/api/device-sessions', { username, password: PASSWORD });
    expect(login.body.user.is_platform_admin).toBe(false);
  });
});
