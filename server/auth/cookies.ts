import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';

/** Browser credentials: the access JWT as the HttpOnly `session` cookie, and the device token in
 * a second HttpOnly cookie scoped to /api/device-sessions, so script never sees either. */
export const ACCESS_COOKIE = 'session';
export const DEVICE_COOKIE = 'device_token';
export const DEVICE_COOKIE_PATH = '/api/device-sessions';

export function setAccessCookie(c: Context, token: string, maxAgeSeconds: number, secure: boolean): void {
  setCookie(c, ACCESS_COOKIE, token, { httpOnly: true, sameSite: 'Lax', path: '/', secure, maxAge: maxAgeSeconds });
}

/** `persistent` (remember me) keeps the cookie across browser restarts; otherwise it is a session cookie. */
export function setDeviceCookie(c: Context, token: string, expiresAt: Date, persistent: boolean, secure: boolean): void {
  setCookie(c, DEVICE_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Strict',
    path: DEVICE_COOKIE_PATH,
    secure,
    ...(persistent ? { expires: expiresAt } : {}),
  });
}

export function clearAuthCookies(c: Context, secure: boolean): void {
  deleteCookie(c, ACCESS_COOKIE, { path: '/', secure });
  deleteCookie(c, DEVICE_COOKIE, { path: DEVICE_COOKIE_PATH, secure });
}
