import type { Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { PASSWORD, registerAndLogin } from '../helpers/http.ts';
import { connectSocket, nextEvent } from '../helpers/socket.ts';
import { useServer } from '../helpers/suite.ts';

const env = useServer();
const as = (token: string) => ({ token });

async function secondSession(username: string) {
  const res = await env.a.post('/api/device-sessions', { username, password: PASSWORD, device_name: 'Laptop' });
  expect(res.status).toBe(200);
  return res.body.access_token as string;
}

describe('device sessions: revoke every other one', () => {
  it('ends the other sessions (REST 401, sockets cut) and keeps this one', async () => {
    const u = await registerAndLogin(env.a);
    const other1 = await secondSession(u.username);
    const other2 = await secondSession(u.username);
    const socket: Socket = env.track(await connectSocket(env.t.url, other1));
    const cut = nextEvent<string>(socket, 'disconnect');
    const res = await env.a.post('/api/device-sessions/revoke-others', undefined, as(u.accessToken));
    expect(res.body).toEqual({ success: true, revoked: 2 });
    expect(await cut).toBe('io server disconnect');
    expect((await env.a.get('/api/profile', as(other1))).status).toBe(401);
    expect((await env.a.get('/api/profile', as(other2))).status).toBe(401);
    expect((await env.a.get('/api/profile', as(u.accessToken))).status).toBe(200);
    const list = await env.a.get('/api/device-sessions', as(u.accessToken));
    expect(list.body.sessions.map((s: { id: number; is_current: boolean }) => [s.id, s.is_current])).toEqual([[u.sessionId, true]]);
    expect((await env.a.post('/api/device-sessions/revoke-others', undefined, {})).status).toBe(401);
  });
});

describe('password change', () => {
  it('signs out the other devices by default, and keeps them with sign_out_others: false', async () => {
    const u = await registerAndLogin(env.a);
    const other = await secondSession(u.username);
    const keep = await env.a.put('/api/me/password', { current_password: PASSWORD, new_password: 'Second-pw-22', sign_out_others: false }, as(u.accessToken));
    expect(keep.status).toBe(200);
    expect((await env.a.get('/api/profile', as(other))).status).toBe(200);
    const signOut = await env.a.put('/api/me/password', { current_password: 'Second-pw-22', new_password: 'Third-pw-333' }, as(u.accessToken));
    expect(signOut.status).toBe(200);
    expect((await env.a.get('/api/profile', as(other))).status).toBe(401);
    expect((await env.a.get('/api/profile', as(u.accessToken))).status).toBe(200);
    const bad = await env.a.put('/api/me/password', { current_password: 'Third-pw-333', new_password: 'Fourth-pw-4', sign_out_others: 'yes' }, as(u.accessToken));
    expect({ status: bad.status, code: bad.body.error_code }).toEqual({ status: 400, code: 'REQUEST_INVALID' });
  });
});
