import { describe, expect, it } from 'vitest';
import { errorEnvelopeSchema } from '../../protocol/envelope.ts';
import { deviceSessionCreateResponseSchema, deviceSessionListResponseSchema, deviceSessionRefreshResponseSchema } from '../../protocol/rest/auth.ts';
import { PASSWORD, api, registerAndLogin, uniqueName } from '../helpers/http.ts';
import { useServer } from '../helpers/suite.ts';

const env = useServer();

function expectError(res: { status: number; body: unknown }, status: number, code: string) {
  expect(res.status).toBe(status);
  const env = errorEnvelopeSchema.parse(res.body);
  expect(env.error_code).toBe(code);
}

describe('device sessions over real HTTP', () => {
  it('register → create → refresh → grace → successor used → old-token replay revokes the session', async () => {
    const u = await registerAndLogin(env.a);
    const created = await env.a.post('/api/device-sessions', { username: u.username, password: PASSWORD, device_name: 'Laptop' });
    expect(created.status).toBe(200);
    const c = deviceSessionCreateResponseSchema.parse(created.body);
    expect(c.remember).toBe(true);
    expect(new Date(c.access_expires_at).getTime()).toBeLessThanOrEqual(Date.now() + 15 * 60_000 + 1000);

    // First refresh rotates; the session id stays the same (one row per device).
    const r1 = await env.a.post('/api/device-sessions/refresh', { device_token: c.device_token });
    expect(r1.status).toBe(200);
    const refreshed = deviceSessionRefreshResponseSchema.parse(r1.body);
    expect(refreshed.device_session_id).toBe(c.device_session_id);
    expect(refreshed.device_token_rotated).toBeDefined();
    expect(refreshed.device_token_rotated).not.toBe(c.device_token);
    const t1 = refreshed.device_token_rotated!;

    // Grace: the old token still refreshes until its successor is first used, and answers the same successor.
    const grace = await env.a.post('/api/device-sessions/refresh', {}, { headers: { 'x-device-token': c.device_token } });
    expect(grace.status).toBe(200);
    expect(grace.body.device_token_rotated).toBe(t1);

    // The successor is used (via Authorization: Bearer, as origin clients send it) → rotates again.
    const r2 = await env.a.post('/api/device-sessions/refresh', undefined, { token: t1 });
    expect(r2.status).toBe(200);
    const t2 = r2.body.device_token_rotated as string;
    expect(t2).not.toBe(t1);

    // The original token is now a replay: 401, and the whole session is revoked.
    const replay = await env.a.post('/api/device-sessions/refresh', { device_token: c.device_token });
    expectError(replay, 401, 'AUTH_TOKEN_INVALID_OR_EXPIRED');
    const afterReplay = await env.a.post('/api/device-sessions/refresh', { device_token: t2 });
    expectError(afterReplay, 401, 'AUTH_TOKEN_INVALID_OR_EXPIRED');
    // ... and its access tokens stop working at once.
    const me = await env.a.get('/api/device-sessions', { token: r2.body.access_token });
    expectError(me, 401, 'AUTH_SESSION_EXPIRED');

    // The list (from another live session of the user) no longer shows it.
    const list = await env.a.get('/api/device-sessions', { token: u.accessToken });
    expect(list.status).toBe(200);
    const ids = deviceSessionListResponseSchema.parse(list.body).sessions.map((s) => s.id);
    expect(ids).toContain(u.sessionId);
    expect(ids).not.toContain(c.device_session_id);
  });

  it('lists sessions with is_current, revokes another by id, and 404s for others or unknown ids', async () => {
    const u = await registerAndLogin(env.a);
    const second = await env.a.post('/api/device-sessions', { username: u.username, password: PASSWORD, device_name: 'Phone' });
    const list = deviceSessionListResponseSchema.parse((await env.a.get('/api/device-sessions', { token: u.accessToken })).body);
    expect(list.sessions).toHaveLength(2);
    const current = list.sessions.find((s) => s.is_current)!;
    expect(current.id).toBe(u.sessionId);
    expect(list.sessions.find((s) => !s.is_current)!.device_name).toBe('Phone');
    expect(current.ttl_days).toBe(30);
    expect(current.is_expired).toBe(0);

    const other = await registerAndLogin(env.a);
    expectError(await env.a.del(`/api/device-sessions/${second.body.device_session_id}`, undefined, { token: other.accessToken }), 404, 'SESSION_NOT_FOUND');
    expectError(await env.a.del('/api/device-sessions/abc', undefined, { token: u.accessToken }), 404, 'SESSION_NOT_FOUND');
    expectError(await env.a.del('/api/device-sessions/999999', undefined, { token: u.accessToken }), 404, 'SESSION_NOT_FOUND');

    const revoke = await env.a.del(`/api/device-sessions/${second.body.device_session_id}`, undefined, { token: u.accessToken });
    expect(revoke.status).toBe(200);
    expect(revoke.body).toEqual({ success: true, current_revoked: false });
    expectError(await env.a.post('/api/device-sessions/refresh', { device_token: second.body.device_token }), 401, 'AUTH_TOKEN_INVALID_OR_EXPIRED');
    expectError(await env.a.get('/api/device-sessions', { token: second.body.access_token }), 401, 'AUTH_SESSION_EXPIRED');
    // Revoking twice is not found (origin: only not-yet-revoked sessions).
    expectError(await env.a.del(`/api/device-sessions/${second.body.device_session_id}`, undefined, { token: u.accessToken }), 404, 'SESSION_NOT_FOUND');

    const self = await env.a.del(`/api/device-sessions/${u.sessionId}`, undefined, { token: u.accessToken });
    expect(self.body).toEqual({ success: true, current_revoked: true });
    expectError(await env.a.get('/api/device-sessions', { token: u.accessToken }), 401, 'AUTH_SESSION_EXPIRED');
  });

  it('include_expired=1 shows expired sessions with is_expired=1; the default hides them', async () => {
    const u = await registerAndLogin(env.a);
    const old = await env.a.post('/api/device-sessions', { username: u.username, password: PASSWORD, device_name: 'Old' });
    await env.t.server.db.execute({
      sql: 'UPDATE device_sessions SET expires_at = ? WHERE id = ?',
      args: ['2000-01-01T00:00:00.000Z', old.body.device_session_id],
    });
    const active = deviceSessionListResponseSchema.parse((await env.a.get('/api/device-sessions', { token: u.accessToken })).body);
    expect(active.sessions.map((s) => s.id)).toEqual([u.sessionId]);
    for (const flag of ['1', 'true', 'yes']) {
      const all = deviceSessionListResponseSchema.parse((await env.a.get(`/api/device-sessions?include_expired=${flag}`, { token: u.accessToken })).body);
      expect(all.sessions.find((s) => s.id === old.body.device_session_id)?.is_expired).toBe(1);
    }
    expectError(await env.a.post('/api/device-sessions/refresh', { device_token: old.body.device_token }), 401, 'AUTH_TOKEN_INVALID_OR_EXPIRED');
  });

  it('remember must be a strict boolean; remember=false keeps the 1-day policy across refresh', async () => {
    const username = uniqueName();
    await env.a.post('/api/register', { username, password: PASSWORD });
    for (const bad of ['false', 'true', 0, 1, '0', '1', null]) {
      expectError(await env.a.post('/api/device-sessions', { username, password: PASSWORD, remember: bad }), 400, 'AUTH_REMEMBER_NOT_BOOLEAN');
    }
    const short = await env.a.post('/api/device-sessions', { username, password: PASSWORD, remember: false });
    expect(short.body.remember).toBe(false);
    const expiresIn = new Date(short.body.expires_at).getTime() - Date.now();
    expect(expiresIn).toBeGreaterThan(23 * 3600_000);
    expect(expiresIn).toBeLessThanOrEqual(24 * 3600_000);
    const r = await env.a.post('/api/device-sessions/refresh', { device_token: short.body.device_token });
    expect(r.body.remember).toBe(false);
    const list = await env.a.get('/api/device-sessions', { token: r.body.access_token });
    expect(list.body.sessions[0].ttl_days).toBe(1);
    expect(list.body.sessions[0].remember).toBe(false);
  });

  it('refresh and create error paths', async () => {
    expectError(await env.a.post('/api/device-sessions/refresh', {}), 400, 'AUTH_DEVICE_TOKEN_REQUIRED');
    expectError(await env.a.post('/api/device-sessions/refresh', { device_token: 'garbage' }), 401, 'AUTH_TOKEN_INVALID_OR_EXPIRED');
    expectError(await env.a.post('/api/device-sessions/refresh', { device_token: 42 }), 400, 'REQUEST_INVALID');
    expectError(await env.a.post('/api/device-sessions/refresh', undefined, { rawBody: '{nope', headers: { 'content-type': 'application/json' } }), 400, 'REQUEST_INVALID_FORMAT');
    // An access token is not a device token.
    const u = await registerAndLogin(env.a);
    expectError(await env.a.post('/api/device-sessions/refresh', { device_token: u.accessToken }), 401, 'AUTH_TOKEN_INVALID_OR_EXPIRED');

    expectError(await env.a.post('/api/device-sessions', {}), 400, 'AUTH_MISSING_CREDENTIALS');
    expectError(await env.a.post('/api/device-sessions', { username: u.username }), 400, 'AUTH_MISSING_CREDENTIALS');
    expectError(await env.a.post('/api/device-sessions', { username: u.username, password: '' }), 400, 'AUTH_MISSING_CREDENTIALS');
    expectError(await env.a.post('/api/device-sessions', { username: ['x'], password: PASSWORD }), 400, 'REQUEST_INVALID');
    expectError(await env.a.post('/api/device-sessions', { username: u.username, password: 'Wrong1234' }), 401, 'AUTH_INVALID_CREDENTIALS');
    expectError(await env.a.post('/api/device-sessions', { username: 'nobody_here', password: PASSWORD }), 401, 'AUTH_INVALID_CREDENTIALS');
    expectError(await env.a.post('/api/device-sessions', { username: u.username, password: PASSWORD, device_name: 5 }), 400, 'REQUEST_INVALID');
    expectError(await env.a.post('/api/device-sessions', [1, 2]), 400, 'REQUEST_INVALID_FORMAT');
  });

  it('DELETE /api/device-sessions/current revokes by device token, or by the caller\'s session', async () => {
    const u = await registerAndLogin(env.a);
    const byToken = await env.a.del('/api/device-sessions/current', undefined, { headers: { 'x-device-token': u.deviceToken } });
    expect(byToken.body).toEqual({ success: true, revoked: true });
    expectError(await env.a.get('/api/device-sessions', { token: u.accessToken }), 401, 'AUTH_SESSION_EXPIRED');
    const again = await env.a.del('/api/device-sessions/current', { device_token: u.deviceToken });
    expect(again.body).toEqual({ success: true, revoked: false });

    const v = await registerAndLogin(env.a);
    const bySession = await env.a.del('/api/device-sessions/current', undefined, { token: v.accessToken });
    expect(bySession.body).toEqual({ success: true, revoked: true });
    expectError(await env.a.post('/api/device-sessions/refresh', { device_token: v.deviceToken }), 401, 'AUTH_TOKEN_INVALID_OR_EXPIRED');
    const none = await env.a.del('/api/device-sessions/current');
    expect(none.body).toEqual({ success: true, revoked: false });
  });

  it('stores only a hash of the device token', async () => {
    const u = await registerAndLogin(env.a);
    const rs = await env.t.server.db.execute({ sql: 'SELECT * FROM device_sessions WHERE id = ?', args: [u.sessionId] });
    const row = rs.rows[0]!;
    for (const value of Object.values(row)) {
      expect(String(value)).not.toContain(u.deviceToken);
      expect(String(value)).not.toBe(u.deviceToken.split('.')[1]);
    }
    expect(String(row.token_hash)).toMatch(/^[0-9a-f]{64}$/);
  });
});
