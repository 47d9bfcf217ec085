import { Hono } from 'hono';
import { clientUpdateResponseSchema, i18nDomainSchema, releaseChannelSchema } from '../../protocol/rest/system.ts';
import type { ClientUpdateResponse, HealthResponse } from '../../protocol/rest/system.ts';
import { i18nCatalog } from '../../protocol/i18n/catalogs.ts';
import { displayLocale } from '../../protocol/locale.ts';
import { requireAuth } from '../auth/middleware.ts';
import type { AppEnv } from '../context.ts';
import { nowIso } from '../db/time.ts';
import { ApiError } from '../http/api-error.ts';
import { requestLocale } from '../http/locale.ts';
import { rateLimit } from '../ratelimit/middleware.ts';
import { compareVersions } from './versions.ts';

const APP_VERSION = '0.1.0';

export function systemRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  /** Truthful health: every field is measured now (DB ping with latency, the rate-limit store's ping). */
  app.get('/api/system/health', async (c) => {
    requireAuth(c);
    const s = c.var.services;
    const started = performance.now();
    let db: HealthResponse['db'];
    try {
      await s.db.execute('SELECT 1');
      db = { ok: true, latency_ms: Math.round((performance.now() - started) * 100) / 100 };
    } catch (err) {
      db = { ok: false, error: (err as Error).message };
    }
    const rateLimitOk = await s.rateLimitStore.ping().catch(() => false);
    const proto = s.config.trustProxy ? c.req.header('x-forwarded-proto') : undefined;
    const secureRequest = new URL(c.req.url).protocol === 'https:' || proto === 'https';
    const res: HealthResponse = {
      status: db.ok && rateLimitOk && !s.maintenance.lastError ? 'ok' : 'degraded',
      timestamp: nowIso(),
      tls: { configured: s.config.useHttps, effective: s.config.tlsEffectiveFromEnv || secureRequest, enforce_https: s.config.enforceHttps },
      db,
      // Sessions are checked against the database on every request; there is no fail-open path.
      session_guard: { fail_open_enabled: false, fail_open_count: 0, last_fail_open_at: null, fail_closed_count: 0, last_fail_closed_at: null },
      maintenance: {
        last_run_at: s.maintenance.lastRunAt,
        last_results: s.maintenance.lastResults,
        last_error: s.maintenance.lastError,
        scheduler_started: s.maintenance.schedulerStarted,
        interval_minutes: s.maintenance.intervalMinutes,
      },
      rate_limit: { storage_uri: s.rateLimitStore.uri, key_mode: s.config.rateLimit.keyMode, ok: rateLimitOk },
      realtime: { adapter: 'memory', connected_sockets: s.realtime.connectedCount() },
      version: APP_VERSION,
    };
    return c.json(res, db.ok ? 200 : 503);
  });

  app.get('/api/client/update', (c) => {
    const { config } = c.var.services;
    const channelParsed = releaseChannelSchema.safeParse(c.req.query('channel'));
    const channel = channelParsed.success ? channelParsed.data : config.release.defaultChannel;
    const rel = config.release[channel];
    const raw = c.req.query('client_version')?.trim().slice(0, 64);
    const clientVersion = raw ? raw : null;
    // A client that does not say its version is not forced to update (the origin parsed it as 0.0.0).
    const res: ClientUpdateResponse = {
      channel,
      desktop_only_mode: config.desktopOnlyMode,
      minimum_version: rel.minVersion,
      latest_version: rel.latestVersion,
      download_url: rel.downloadUrl,
      release_notes_url: rel.releaseNotesUrl,
      client_version: clientVersion,
      update_available: clientVersion !== null && compareVersions(clientVersion, rel.latestVersion) < 0,
      force_update: clientVersion !== null && compareVersions(clientVersion, rel.minVersion) < 0,
      ...(rel.artifactSha256 ? { artifact_sha256: rel.artifactSha256 } : {}),
      ...(rel.artifactSignature ? { artifact_signature: rel.artifactSignature } : {}),
      ...(rel.signatureAlg ? { signature_alg: rel.signatureAlg } : {}),
    };
    return c.json(clientUpdateResponseSchema.parse(res));
  });

  app.get('/api/i18n/:domain', (c) => {
    const domain = i18nDomainSchema.safeParse(c.req.param('domain'));
    if (!domain.success) throw new ApiError('I18N_DOMAIN_UNSUPPORTED');
    const locale = requestLocale(c);
    return c.json({ domain: domain.data, locale: displayLocale(locale), catalog: i18nCatalog(domain.data, locale) });
  });

  app.post('/api/auth/enterprise-login', rateLimit('enterpriseLogin'), (c) => {
    const { config } = c.var.services;
    if (!config.enterpriseAuth.enabled) throw new ApiError('ENTERPRISE_AUTH_DISABLED');
    if (!config.enterpriseAuth.provider) throw new ApiError('ENTERPRISE_AUTH_PROVIDER_MISSING');
    throw new ApiError('ENTERPRISE_AUTH_NOT_IMPLEMENTED');
  });

  app.get('/api/security/audit', async (c) => {
    const auth = requireAuth(c);
    const s = c.var.services;
    const limitRaw = Number.parseInt(c.req.query('limit') ?? '', 10);
    const limit = Number.isFinite(limitRaw) ? Math.min(200, Math.max(1, limitRaw)) : 50;
    const since = new Date(Date.now() - 30 * 86_400_000).toISOString();
    const [actions, recent] = await s.db.batch(
      [
        {
          sql: 'SELECT action, COUNT(*) AS n FROM access_logs WHERE user_id = ? AND created_at >= ? GROUP BY action',
          args: [auth.userId, since],
        },
        {
          sql: 'SELECT id, action, ip_address, user_agent, created_at FROM access_logs WHERE user_id = ? ORDER BY id DESC LIMIT ?',
          args: [auth.userId, limit],
        },
      ],
      'read',
    );
    return c.json({
      user_id: auth.userId,
      window_days: 30 as const,
      actions: Object.fromEntries(actions!.rows.map((r) => [String(r.action), Number(r.n)])),
      recent_access_logs: recent!.rows.map((r) => ({
        id: Number(r.id),
        action: String(r.action),
        ip_address: r.ip_address == null ? null : String(r.ip_address),
        user_agent: r.user_agent == null ? null : String(r.user_agent),
        created_at: String(r.created_at),
      })),
      active_device_sessions: await s.sessions.list(auth.userId, false, auth.sessionId),
      revoked_device_sessions_recent: await s.sessions.countRevokedSince(auth.userId, since),
    });
  });

  return app;
}
