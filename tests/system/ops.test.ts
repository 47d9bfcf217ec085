import { describe, expect, it } from 'vitest';
import { errorEnvelopeSchema } from '../../protocol/envelope.ts';
import { securityAuditResponseSchema } from '../../protocol/rest/auth.ts';
import { clientUpdateResponseSchema, healthResponseSchema, i18nResponseSchema } from '../../protocol/rest/system.ts';
import { PASSWORD, api, registerAndLogin, request, uniqueName } from '../helpers/http.ts';
import { useServer, withServer } from '../helpers/suite.ts';

const env = useServer();

describe('health', () => {
  it('is 401 without auth and a truthful 200 after a login', async () => {
    const anon = await env.a.get('/api/system/health');
    expect(anon.status).toBe(401);
    expect(errorEnvelopeSchema.parse(anon.body).error_code).toBe('AUTH_LOGIN_REQUIRED');
    const u = await registerAndLogin(env.a);
    const res = await env.a.get('/api/system/health', { token: u.accessToken });
    expect(res.status).toBe(200);
    const h = healthResponseSchema.parse(res.body);
    expect(h.status).toBe('ok');
    expect(h.db.ok).toBe(true);
    expect(h.db.latency_ms).toBeGreaterThanOrEqual(0);
    expect(h.tls).toEqual({ configured: false, effective: false, enforce_https: false });
    expect(h.rate_limit).toEqual({ storage_uri: 'memory://', key_mode: 'ip', ok: true });
    // The start-up maintenance pass ran and is reported.
    expect(h.maintenance.last_run_at).not.toBeNull();
    expect(h.maintenance.last_results?.cleaned_device_sessions).toBeGreaterThanOrEqual(0);
    expect(h.maintenance.scheduler_started).toBe(true);
    expect(h.maintenance.interval_minutes).toBe(30);
  });

  it('reports a broken database as 503 degraded', async () => {
    await withServer({}, async (broken) => {
      const b = api(broken.url);
      const u = await registerAndLogin(b);
      const health = await b.get('/api/system/health', { token: u.accessToken });
      expect(health.status).toBe(200);
      // Session checks are cached; break the database underneath and ask again.
      broken.server.db.close();
      const res = await b.get('/api/system/health', { token: u.accessToken });
      expect(res.status).toBe(503);
      expect(res.body.status).toBe('degraded');
      expect(res.body.db.ok).toBe(false);
      // Any other failure is a 500 in the envelope, never a stack trace.
      const users = await b.get('/api/users', { token: u.accessToken });
      expect(users.status).toBe(500);
      expect(errorEnvelopeSchema.parse(users.body).error_code).toBe('INTERNAL_ERROR');
    });
  });
});

describe('client update', () => {
  it('follows the origin semantics, and a missing client_version forces nothing', async () => {
    const none = clientUpdateResponseSchema.parse((await env.a.get('/api/client/update')).body);
    expect(none).toMatchObject({ channel: 'stable', client_version: null, force_update: false, update_available: false, desktop_only_mode: false });
    expect(none.artifact_sha256).toBeUndefined();
    expect(none.artifact_signature).toBeUndefined();
    const current = clientUpdateResponseSchema.parse((await env.a.get('/api/client/update?client_version=1.0.0')).body);
    expect(current).toMatchObject({ client_version: '1.0.0', force_update: false, update_available: false });
    const bad = clientUpdateResponseSchema.parse((await env.a.get('/api/client/update?channel=nightly')).body);
    expect(bad.channel).toBe('stable');
  });

  it('uses canary values (falling back to stable when empty), and compares versions numerically', async () => {
    await withServer({ env: {
      DESKTOP_CLIENT_MIN_VERSION: '1.2.0',
      DESKTOP_CLIENT_LATEST_VERSION: '1.10.0',
      DESKTOP_CLIENT_DOWNLOAD_URL: 'https://intranet/dl',
      DESKTOP_CLIENT_CANARY_MIN_VERSION: '2.0.0',
      DESKTOP_CLIENT_CANARY_LATEST_VERSION: '2.1.0',
      DESKTOP_CLIENT_ARTIFACT_SHA256: 'abc123',
      DESKTOP_CLIENT_ARTIFACT_SIGNATURE: 'sig',
    } }, async (s) => {
      const b = api(s.url);
      const stable = clientUpdateResponseSchema.parse((await b.get('/api/client/update?client_version=1.9.3')).body);
      expect(stable).toMatchObject({ minimum_version: '1.2.0', latest_version: '1.10.0', update_available: true, force_update: false });
      expect(stable).toMatchObject({ artifact_sha256: 'abc123', artifact_signature: 'sig', signature_alg: 'sha256' });
      const old = clientUpdateResponseSchema.parse((await b.get('/api/client/update?client_version=1.1.9-beta')).body);
      expect(old.force_update).toBe(true);
      const canary = clientUpdateResponseSchema.parse((await b.get('/api/client/update?channel=canary&client_version=1.0.0')).body);
      expect(canary).toMatchObject({ channel: 'canary', minimum_version: '2.0.0', latest_version: '2.1.0', force_update: true });
      expect(canary.download_url).toBe('https://intranet/dl');
    });
  });
});

describe('i18n', () => {
  it('serves catalogs in the request language; unknown domains are 404 in the envelope', async () => {
    const en = i18nResponseSchema.parse((await env.a.get('/api/i18n/web', { headers: { 'x-app-language': 'en-US' } })).body);
    expect(en).toMatchObject({ domain: 'web', locale: 'en-US' });
    expect(en.catalog['login.submit']).toBe('Log in');
    const ko = i18nResponseSchema.parse((await env.a.get('/api/i18n/server?lang=ko')).body);
    expect(ko.catalog.AUTH_LOGIN_REQUIRED).toBe('로그인이 필요합니다.');
    const byQuery = i18nResponseSchema.parse((await env.a.get('/api/i18n/client?lang=en', { headers: { 'x-app-language': 'ko' } })).body);
    expect(byQuery.locale).toBe('en-US');
    for (const domain of ['client', 'server_gui']) expect((await env.a.get(`/api/i18n/${domain}`)).status).toBe(200);
    const bad = await env.a.get('/api/i18n/nope');
    expect(bad.status).toBe(404);
    expect(bad.body.error_code).toBe('I18N_DOMAIN_UNSUPPORTED');
  });

  it('localises error_localized: Accept-Language en, and X-App-Language wins over it', async () => {
    const en = errorEnvelopeSchema.parse((await env.a.get('/api/users', { headers: { 'accept-language': 'en-US,en;q=0.9' } })).body);
    expect(en).toEqual({ error: '로그인이 필요합니다.', error_code: 'AUTH_LOGIN_REQUIRED', error_localized: 'Login required.', locale: 'en-US' });
    const ko = errorEnvelopeSchema.parse((await env.a.get('/api/users', { headers: { 'accept-language': 'en', 'x-app-language': 'ko' } })).body);
    expect(ko.locale).toBe('ko-KR');
    expect(ko.error_localized).toBe('로그인이 필요합니다.');
    const fallback = errorEnvelopeSchema.parse((await env.a.get('/api/users', { headers: { 'accept-language': 'fr-FR, en;q=0.5' } })).body);
    expect(fallback.locale).toBe('en-US');
  });
});

describe('the envelope on every error', () => {
  it('404 for unknown paths, 405 with Allow for a known path and the wrong method', async () => {
    const nf = await env.a.get('/api/does-not-exist');
    expect(nf.status).toBe(404);
    expect(errorEnvelopeSchema.parse(nf.body).error_code).toBe('NOT_FOUND');
    const m = await env.a.del('/api/login');
    expect(m.status).toBe(405);
    expect(errorEnvelopeSchema.parse(m.body).error_code).toBe('METHOD_NOT_ALLOWED');
    expect(m.headers.get('allow')).toBe('POST');
    const p = await env.a.put('/api/device-sessions/12');
    expect(p.status).toBe(405);
    expect(p.headers.get('allow')).toBe('DELETE');
  });

  it('413 for a body over MAX_CONTENT_LENGTH', async () => {
    await withServer({ config: { maxContentLength: 1024 } }, async (small) => {
      const res = await request(small.url, 'POST', '/api/register', { rawBody: JSON.stringify({ username: 'x'.repeat(5000) }), headers: { 'content-type': 'application/json' } });
      expect(res.status).toBe(413);
      expect(errorEnvelopeSchema.parse(res.body).error_code).toBe('PAYLOAD_TOO_LARGE');
    });
  });

  it('400 REQUEST_INVALID_FORMAT for malformed JSON and for a non-JSON content type', async () => {
    const bad = await request(env.t.url, 'POST', '/api/register', { rawBody: '{"username":', headers: { 'content-type': 'application/json' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error_code).toBe('REQUEST_INVALID_FORMAT');
    const form = await request(env.t.url, 'POST', '/api/login', { rawBody: 'username=a&password=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.status).toBe(400);
    expect(form.body.error_code).toBe('REQUEST_INVALID_FORMAT');
  });

  it('security headers on every response, errors included; no HSTS over plain HTTP', async () => {
    for (const res of [await env.a.get('/api/me'), await env.a.get('/api/nope')]) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      expect(res.headers.get('strict-transport-security')).toBeNull();
    }
  });

  it('HSTS and Secure cookies when USE_HTTPS', async () => {
    await withServer({ env: { USE_HTTPS: 'true' } }, async (s) => {
      const b = api(s.url);
      expect((await b.get('/api/me')).headers.get('strict-transport-security')).toContain('max-age=');
      const username = uniqueName();
      await b.post('/api/register', { username, password: PASSWORD });
      const login = await b.post('/api/login', { username, password: PASSWORD });
      for (const c of login.headers.getSetCookie()) expect(c).toMatch(/Secure/);
    });
  });
});

describe('cross-origin (the desktop app)', () => {
  it('answers preflights for bearer calls, never with credentials', async () => {
    const res = await fetch(`${env.t.url}/api/rooms`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:41234', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('answers preflights for file downloads too (the desktop fetches them with its bearer token)', async () => {
    const res = await fetch(`${env.t.url}/uploads/thumbs/x.webp`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:41234', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization,range' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('range');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    // And the answer itself is readable cross-origin, with its name.
    const anon = await fetch(`${env.t.url}/uploads/thumbs/x.webp`, { headers: { origin: 'http://localhost:41234' } });
    expect(anon.headers.get('access-control-allow-origin')).toBe('*');
    expect(anon.headers.get('access-control-expose-headers')?.toLowerCase()).toContain('content-disposition');
  });
});

describe('rate limits', () => {
  it('register 5/min, login 10/min: 429 in the envelope with Retry-After and X-RateLimit-* headers', async () => {
    await withServer({ env: { RATE_LIMIT_ENABLED: 'true' } }, async (s) => {
      const b = api(s.url);
      for (let i = 0; i < 5; i++) {
        const res = await b.post('/api/register', { username: 'x' });
        expect(res.status).toBe(400);
        expect(res.headers.get('x-ratelimit-limit')).toBe('5');
        expect(res.headers.get('x-ratelimit-remaining')).toBe(String(4 - i));
      }
      const limited = await b.post('/api/register', { username: 'x' });
      expect(limited.status).toBe(429);
      expect(errorEnvelopeSchema.parse(limited.body).error_code).toBe('RATE_LIMITED');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
      // Limits are per route: login still has its own budget.
      for (let i = 0; i < 10; i++) expect((await b.post('/api/login', {})).status).toBe(400);
      expect((await b.post('/api/login', {})).status).toBe(429);
      // Routes without a limit are unaffected.
      expect((await b.get('/api/me')).status).toBe(200);
    });
  });

  it('limits are configurable per route', async () => {
    await withServer({ env: { RATE_LIMIT_ENABLED: 'true', RATE_LIMIT_REFRESH: '2/minute' } }, async (s) => {
      const b = api(s.url);
      expect((await b.post('/api/device-sessions/refresh', {})).status).toBe(400);
      expect((await b.post('/api/device-sessions/refresh', {})).status).toBe(400);
      expect((await b.post('/api/device-sessions/refresh', {})).status).toBe(429);
    });
  });
});

describe('enterprise login stub and security audit', () => {
  it('enterprise login: 501 disabled, 400 without provider, 501 scaffold', async () => {
    expect((await env.a.post('/api/auth/enterprise-login', {})).body.error_code).toBe('ENTERPRISE_AUTH_DISABLED');
    await withServer({ env: { ENTERPRISE_AUTH_ENABLED: 'true' } }, async (noProvider) => {
      const r1 = await api(noProvider.url).post('/api/auth/enterprise-login', {});
      expect([r1.status, r1.body.error_code]).toEqual([400, 'ENTERPRISE_AUTH_PROVIDER_MISSING']);
    });
    await withServer({ env: { ENTERPRISE_AUTH_ENABLED: 'true', ENTERPRISE_AUTH_PROVIDER: 'ldap' } }, async (withProvider) => {
      const r2 = await api(withProvider.url).post('/api/auth/enterprise-login', {});
      expect([r2.status, r2.body.error_code]).toEqual([501, 'ENTERPRISE_AUTH_NOT_IMPLEMENTED']);
    });
  });

  it('security audit shows the caller\'s own actions and sessions', async () => {
    const u = await registerAndLogin(env.a);
    await env.a.post('/api/device-sessions', { username: u.username, password: PASSWORD, device_name: 'Second' });
    const res = await env.a.get('/api/security/audit?limit=500', { token: u.accessToken });
    expect(res.status).toBe(200);
    const audit = securityAuditResponseSchema.parse(res.body);
    expect(audit.user_id).toBe(u.userId);
    expect(audit.actions).toMatchObject({ register: 1, login_device: 2 });
    expect(audit.recent_access_logs.length).toBe(3);
    expect(audit.active_device_sessions).toHaveLength(2);
    expect((await env.a.get('/api/security/audit')).status).toBe(401);
  });
});
