import { type Socket, io } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { CookieJar, PASSWORD, api, registerAndLogin, uniqueName } from '../helpers/http.ts';
import { useServer } from '../helpers/suite.ts';

const env = useServer();

function connect(opts: { token?: string; cookie?: string }): Promise<Socket> {
  const socket = io(env.t.url, {
    transports: ['websocket'],
    reconnection: false,
    auth: opts.token ? { token: opts.token } : {},
    extraHeaders: opts.cookie ? { cookie: opts.cookie } : {},
  });
  env.track(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => reject(err));
  });
}

function disconnected(socket: Socket): Promise<string> {
  return new Promise((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
}

describe('socket auth and revocation', () => {
  it('refuses a connection without a token, or with a bad one (connect_error)', async () => {
    await expect(connect({})).rejects.toThrow('AUTH_LOGIN_REQUIRED');
    await expect(connect({ token: 'not-a-jwt' })).rejects.toThrow('AUTH_SESSION_EXPIRED');
    const u = await registerAndLogin(env.a);
    // A device token is not an access token.
    await expect(connect({ token: u.deviceToken })).rejects.toThrow('AUTH_SESSION_EXPIRED');
  });

  it('accepts an access token in auth.token, and the browser cookie', async () => {
    const u = await registerAndLogin(env.a);
    const s = await connect({ token: u.accessToken });
    expect(s.connected).toBe(true);
    const username = uniqueName('c');
    await env.a.post('/api/register', { username, password: PASSWORD });
    const jar = new CookieJar();
    await env.a.post('/api/login', { username, password: PASSWORD }, { jar });
    const browser = await connect({ cookie: jar.header('/') });
    expect(browser.connected).toBe(true);
  });

  it('revoking a session disconnects its sockets at once, and refuses reconnects; other sessions stay', async () => {
    const u = await registerAndLogin(env.a);
    const other = await env.a.post('/api/device-sessions', { username: u.username, password: PASSWORD, device_name: 'Other' });
    const victim = await connect({ token: u.accessToken });
    const survivor = await connect({ token: other.body.access_token });
    const gone = disconnected(victim);
    const started = Date.now();
    await env.a.del(`/api/device-sessions/${u.sessionId}`, undefined, { token: other.body.access_token });
    expect(await gone).toBe('io server disconnect');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(survivor.connected).toBe(true);
    await expect(connect({ token: u.accessToken })).rejects.toThrow('AUTH_SESSION_EXPIRED');
  });

  it('password change signs out every other device (sockets included) and keeps the caller', async () => {
    const u = await registerAndLogin(env.a);
    const other = await env.a.post('/api/device-sessions', { username: u.username, password: PASSWORD, device_name: 'Other' });
    const mine = await connect({ token: u.accessToken });
    const theirs = await connect({ token: other.body.access_token });
    const gone = disconnected(theirs);
    const res = await env.a.put('/api/me/password', { current_password: PASSWORD, new_password: 'NewPassw0rd' }, { token: u.accessToken });
    expect(res.status).toBe(200);
    expect(await gone).toBe('io server disconnect');
    expect(mine.connected).toBe(true);
    expect((await env.a.get('/api/profile', { token: u.accessToken })).status).toBe(200);
    expect((await env.a.get('/api/profile', { token: other.body.access_token })).status).toBe(401);
    expect((await env.a.post('/api/device-sessions/refresh', { device_token: other.body.device_token })).status).toBe(401);
    expect((await env.a.post('/api/device-sessions', { username: u.username, password: PASSWORD })).status).toBe(401);
    expect((await env.a.post('/api/device-sessions', { username: u.username, password: 'NewPassw0rd' })).status).toBe(200);
  });

  it('token reuse detection disconnects the session\'s sockets', async () => {
    const u = await registerAndLogin(env.a);
    const r1 = await env.a.post('/api/device-sessions/refresh', { device_token: u.deviceToken });
    await env.a.post('/api/device-sessions/refresh', { device_token: r1.body.device_token_rotated });
    const s = await connect({ token: u.accessToken });
    const gone = disconnected(s);
    expect((await env.a.post('/api/device-sessions/refresh', { device_token: u.deviceToken })).status).toBe(401);
    expect(await gone).toBe('io server disconnect');
  });
});
