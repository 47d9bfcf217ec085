import { io } from 'socket.io-client';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildClient } from '../helpers/client-build.ts';
import { CookieJar, PASSWORD, api, registerAndLogin, request, uniqueName } from '../helpers/http.ts';
import { useServer } from '../helpers/suite.ts';

let clientDir: string;
beforeAll(async () => {
  clientDir = await buildClient();
}, 60_000);

describe('hybrid mode: the web client at /', () => {
  const env = useServer(() => ({ env: { CLIENT_DIR: clientDir } }));

  it('serves index.html (revalidated) and hashed assets cached for a year, gzipped when asked', async () => {
    const index = await fetch(`${env.t.url}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toContain('text/html');
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const html = await index.text();
    const script = /src="\.?\/?(assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const js = await fetch(`${env.t.url}/${script}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(js.status).toBe(200);
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(js.headers.get('content-type')).toContain('javascript');
    expect(js.headers.get('content-encoding')).toBe('gzip');
    // Revalidation by ETag.
    const again = await fetch(`${env.t.url}/`, { headers: { 'if-none-match': index.headers.get('etag')! } });
    expect(again.status).toBe(304);
    // Security headers apply to the client too.
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('keeps API 404s in the envelope and unknown files as 404', async () => {
    expect((await request(env.t.url, 'GET', '/api/nope')).body.error_code).toBe('NOT_FOUND');
    expect((await request(env.t.url, 'GET', '/assets/missing.js')).status).toBe(404);
  });
});

describe('desktop-only mode', () => {
  const env = useServer(() => ({
    env: { CLIENT_DIR: clientDir, DESKTOP_ONLY_MODE: 'true', DESKTOP_CLIENT_MIN_VERSION: '1.2.0', DESKTOP_CLIENT_LATEST_VERSION: '1.4.0', DESKTOP_CLIENT_DOWNLOAD_URL: 'https://intranet.example/messenger.msi' },
  }));

  it('serves the notice page with the versions and the download link instead of the client', async () => {
    const res = await fetch(`${env.t.url}/`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('desktop-only-notice');
    expect(html).toContain('1.2.0');
    expect(html).toContain('1.4.0');
    expect(html).toContain('https://intranet.example/messenger.msi');
    const anyAsset = [...html.matchAll(/assets\/[^"]+\.js/g)];
    expect(anyAsset).toEqual([]);
    const update = await api(env.t.url).get('/api/client/update?client_version=1.0.0');
    expect(update.body).toMatchObject({ desktop_only_mode: true, force_update: true });
  });

  it('refuses browser (cookie) logins, cookie sessions and cookie sockets; bearer clients keep working', async () => {
    const a = api(env.t.url);
    const desktop = await registerAndLogin(a);
    expect((await a.get('/api/rooms', { token: desktop.accessToken })).status).toBe(200);
    const refreshed = await a.post('/api/device-sessions/refresh', { device_token: desktop.deviceToken });
    expect(refreshed.status).toBe(200);

    const username = uniqueName('w');
    await a.post('/api/register', { username, password: PASSWORD });
    const browserLogin = await a.post('/api/login', { username, password: PASSWORD }, { jar: new CookieJar() });
    expect(browserLogin.status).toBe(403);
    expect(browserLogin.body.error_code).toBe('AUTH_BROWSER_LOGIN_DISABLED');

    // A cookie obtained before the switch (simulated with the desktop's access token) is refused.
    const cookie = { cookie: `session=${desktop.accessToken}` };
    const byCookie = await a.get('/api/rooms', { headers: cookie });
    expect(byCookie.status).toBe(403);
    expect(byCookie.body.error_code).toBe('AUTH_BROWSER_LOGIN_DISABLED');
    const socketError = await new Promise<string>((resolve) => {
      const s = io(env.t.url, { transports: ['websocket'], reconnection: false, extraHeaders: cookie });
      s.once('connect', () => resolve('connected'));
      s.once('connect_error', (err) => resolve(err.message));
    });
    expect(socketError).toBe('AUTH_BROWSER_LOGIN_DISABLED');
    // The refused browser can still clear its cookies.
    expect((await a.post('/api/logout', undefined, { headers: cookie })).status).toBe(200);
  });
});
