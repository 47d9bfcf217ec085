import { Hono, type MiddlewareHandler } from 'hono';
import { i18nCatalog } from '../../protocol/i18n/catalogs.ts';
import { displayLocale } from '../../protocol/locale.ts';
import { type HealthResponse, i18nDomainSchema, releaseChannelSchema } from '../../protocol/rest/system.ts';
import type { Config } from '../config.ts';
import { nowIso } from '../db/time.ts';
import { ApiError } from '../http/api-error.ts';
import type { AppEnv } from '../http/env.ts';
import { requestLocale } from '../http/locale.ts';
import { route } from '../http/route.ts';
import type { RateLimitStore } from '../ratelimit/store.ts';
import type { ClusterBus } from '../cluster/bus.ts';
import type { Maintenance } from './maintenance.ts';
import type { SystemRepo } from './repo.ts';
import { compareVersions } from './versions.ts';

const APP_VERSION = '0.1.0';

export interface SystemDeps {
  config: Pick<Config, 'useHttps' | 'trustProxy' | 'tlsEffectiveFromEnv' | 'enforceHttps' | 'rateLimit' | 'release' | 'desktopOnlyMode' | 'enterpriseAuth'>;
  system: SystemRepo;
  rateLimitStore: RateLimitStore;
  maintenance: Maintenance;
  connectedSockets(): number;
  /** The cluster bus: which one, and whether it reaches the other instances now. */
  cluster: Pick<ClusterBus, 'kind' | 'ok'>;
  /** True once the server is shutting down: readiness turns 503 so balancers stop sending. */
  draining(): boolean;
  limit(route: 'enterpriseLogin'): MiddlewareHandler<AppEnv>;
}

/** Readiness waits this long for the database before answering 503. */
const READY_TIMEOUT_MS = 2_000;

/** A database round trip, timed, failing after `timeoutMs`. */
async function pingDb(system: SystemRepo, timeoutMs: number): Promise<{ ok: boolean; latency_ms?: number; error?: string }> {
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([system.ping(), timeout]);
    return { ok: true, latency_ms: Math.round((performance.now() - started) * 100) / 100 };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

/** Health, client update policy, translations and the enterprise-login hook. */
export function systemRoutes(deps: SystemDeps): Hono<AppEnv> {
  const { config, maintenance } = deps;
  const app = new Hono<AppEnv>();

  /** Truthful health: every field is measured now (DB ping with latency, the rate-limit store's ping). */
  route(app, 'GET /api/system/health', async (c) => {
    const db: HealthResponse['db'] = await pingDb(deps.system, READY_TIMEOUT_MS);
    const report = await maintenance.report();
    const rateLimitOk = await deps.rateLimitStore.ping().catch(() => false);
    const busOk = deps.cluster.ok();
    const proto = config.trustProxy ? c.req.header('x-forwarded-proto') : undefined;
    const secureRequest = new URL(c.req.url).protocol === 'https:' || proto === 'https';
    if (!db.ok) c.status(503);
    return {
      status: db.ok && rateLimitOk && busOk && !report.error ? 'ok' : 'degraded',
      timestamp: nowIso(),
      tls: { configured: config.useHttps, effective: config.tlsEffectiveFromEnv || secureRequest, enforce_https: config.enforceHttps },
      db,
      // Sessions are checked against the database on every request; there is no fail-open path.
      session_guard: { fail_open_enabled: false, fail_open_count: 0, last_fail_open_at: null, fail_closed_count: 0, last_fail_closed_at: null },
      maintenance: {
        last_run_at: report.lastRunAt,
        last_results: report.results,
        last_error: report.error,
        jobs: report.jobs,
        last_run_by: report.lastRunBy,
        scheduler_started: maintenance.schedulerStarted,
        interval_minutes: maintenance.intervalMinutes,
      },
      rate_limit: { storage_uri: deps.rateLimitStore.uri, key_mode: config.rateLimit.keyMode, ok: rateLimitOk },
      realtime: { adapter: deps.cluster.kind, connected_sockets: deps.connectedSockets(), ok: busOk },
      version: APP_VERSION,
    };
  });

  /** For load balancers: no login, no body worth parsing; only the status matters. */
  route(app, 'GET /api/system/ready', async (c) => {
    const db = await pingDb(deps.system, READY_TIMEOUT_MS);
    const ready = db.ok && !deps.draining();
    if (!ready) c.status(503);
    return { ready, db };
  });

  route(app, 'GET /api/client/update', (_c, { query }) => {
    const q = query();
    const channelParsed = releaseChannelSchema.safeParse(q.channel);
    const channel = channelParsed.success ? channelParsed.data : config.release.defaultChannel;
    const rel = config.release[channel];
    const clientVersion = q.client_version || null;
    // A client that does not say its version is not forced to update (the origin parsed it as 0.0.0).
    return {
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
  });

  route(app, 'GET /api/i18n/:domain', (c) => {
    const domain = i18nDomainSchema.safeParse(c.req.param('domain'));
    if (!domain.success) throw new ApiError('I18N_DOMAIN_UNSUPPORTED');
    const locale = requestLocale(c);
    return { domain: domain.data, locale: displayLocale(locale), catalog: i18nCatalog(domain.data, locale) };
  });

  route(app, 'POST /api/auth/enterprise-login', deps.limit('enterpriseLogin'), () => {
    if (!config.enterpriseAuth.enabled) throw new ApiError('ENTERPRISE_AUTH_DISABLED');
    if (!config.enterpriseAuth.provider) throw new ApiError('ENTERPRISE_AUTH_PROVIDER_MISSING');
    throw new ApiError('ENTERPRISE_AUTH_NOT_IMPLEMENTED');
  });

  return app;
}
