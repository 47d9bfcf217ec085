import { describe, expect, it } from 'vitest';
import { loginResponseSchema } from '../../protocol/rest/auth.ts';
import { CookieJar, PASSWORD, api, uniqueName } from '../helpers/http.ts';
import { useServer } from '../helpers/suite.ts';

const env = useServer();

async function browserLogin(remember = true) {
  const username = uniqueName('b');
  await env.a.post('/api/register', { username, password: PASSWORD, nickname: 'Browser User' });
  const jar = new CookieJar();
  const res = await env.a.post('/api/login', { username, password: PASSWORD, remember }, { jar });
  return { username, jar, res };
}

describe('browser flow: HttpOnly cookies + CSRF header', () => {
  it('login sets HttpOnly session and device cookies, device cookie scoped to /api/device-sessions', async () => {
    const { jar, res } = await browserLogin();
    expect(res.status).toBe(200);
    const body = loginResponseSchema.parse(res.body);
    expect(body.success).toBe(true);
    expect(body.user.nickname).toBe('Browser User');
    const setCookies = res.headers.getSetCookie();
    const session = setCookies.find((c) => c.startsWith('session='))!;
    const device = setCookies.find((c) => c.startsWith('device_token='))!;
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
    expect(device).toMatch(/HttpOnly/i);
    expect(device).toMatch(/Path=\/api\/device-sessions/i);
    // The browser's device token never appears in a body.
    expect(JSON.stringify(res.body)).not.toContain(jar.get('device_token')!);
    const me = await env.a.get('/api/me', { jar });
    expect(me.body.logged_in).toBe(true);
  });

  it('cookie writes need X-CSRFToken (403 CSRF_INVALID in the envelope); bearer writes do not', async () => {
    const { jar, res } = await browserLogin();
    const noCsrf = await env.a.put('/api/profile', { nickname: 'Changed' }, { jar });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body.error_code).toBe('CSRF_INVALID');
    expect(noCsrf.body.error_localized).toBeTruthy();
    const wrong = await env.a.put('/api/profile', { nickname: 'Changed' }, { jar, headers: { 'x-csrftoken': 'nope' } });
    expect(wrong.status).toBe(403);
    const ok = await env.a.put('/api/profile', { nickname: 'Changed' }, { jar, headers: { 'x-csrftoken': res.body.csrf_token } });
    expect(ok.status).toBe(200);
    const alt = await env.a.put('/api/profile', { nickname: 'Changed2' }, { jar, headers: { 'x-csrf-token': res.body.csrf_token } });
    expect(alt.status).toBe(200);
    // GETs need no CSRF token.
    expect((await env.a.get('/api/profile', { jar })).body.nickname).toBe('Changed2');
    // Bearer clients never need it.
    const bearer = await env.a.put('/api/profile', { nickname: 'Bearer' }, { token: res.body.access_token });
    expect(bearer.status).toBe(200);
  });

  it('refresh via the device cookie rotates it without exposing tokens, and the CSRF token survives', async () => {
    const { jar, res } = await browserLogin();
    const before = jar.get('device_token');
    const r = await env.a.post('/api/device-sessions/refresh', undefined, { jar });
    expect(r.status).toBe(200);
    expect(r.body.device_token_rotated).toBeUndefined();
    expect(jar.get('device_token')).toBeDefined();
    expect(jar.get('device_token')).not.toBe(before);
    // Same device session, so the CSRF token from login is still valid (no 1-hour expiry).
    expect(r.body.csrf_token).toBe(res.body.csrf_token);
    const ok = await env.a.put('/api/profile', { status_message: 'hi' }, { jar, headers: { 'x-csrftoken': res.body.csrf_token } });
    expect(ok.status).toBe(200);
  });

  it('a browser session cookie survives only the session when remember is false', async () => {
    const { res } = await browserLogin(false);
    const device = res.headers.getSetCookie().find((c) => c.startsWith('device_token='))!;
    expect(device).not.toMatch(/Expires=/i);
    const { res: persistent } = await browserLogin(true);
    expect(persistent.headers.getSetCookie().find((c) => c.startsWith('device_token='))).toMatch(/Expires=/i);
  });

  it('logout revokes the session and clears both cookies', async () => {
    const { jar } = await browserLogin();
    const stolenCookie = jar.header('/api/me');
    const out = await env.a.post('/api/logout', undefined, { jar });
    expect(out.body).toEqual({ success: true });
    expect(jar.has('session')).toBe(false);
    expect(jar.has('device_token')).toBe(false);
    // Replaying the old cookie after logout is refused: the session itself is revoked.
    const replay = await env.a.get('/api/users', { headers: { cookie: stolenCookie } });
    expect(replay.status).toBe(401);
    expect(replay.body.error_code).toBe('AUTH_SESSION_EXPIRED');
  });

  it('login error paths', async () => {
    const username = uniqueName('b');
    await env.a.post('/api/register', { username, password: PASSWORD });
    const cases: Array<[unknown, number, string]> = [
      [{}, 400, 'AUTH_MISSING_CREDENTIALS'],
      [{ username }, 400, 'AUTH_MISSING_CREDENTIALS'],
      [{ username: '  ', password: PASSWORD }, 400, 'AUTH_MISSING_CREDENTIALS'],
      [{ username: 12, password: PASSWORD }, 400, 'REQUEST_INVALID'],
      [{ username, password: { x: 1 } }, 400, 'REQUEST_INVALID'],
      [{ username, password: 'Wrong123' }, 401, 'AUTH_INVALID_CREDENTIALS'],
      [{ username: 'ghost_user', password: PASSWORD }, 401, 'AUTH_INVALID_CREDENTIALS'],
      [{ username, password: PASSWORD, remember: 'yes' }, 400, 'AUTH_REMEMBER_NOT_BOOLEAN'],
      ['just a string', 400, 'REQUEST_INVALID_FORMAT'],
    ];
    for (const [body, status, code] of cases) {
      const res = await env.a.post('/api/login', body);
      expect({ body, status: res.status, code: res.body.error_code }).toEqual({ body, status, code });
    }
    // Usernames are case-insensitive for login as for uniqueness.
    expect((await env.a.post('/api/login', { username: username.toUpperCase(), password: PASSWORD })).status).toBe(200);
  });
});
