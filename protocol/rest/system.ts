import { z } from 'zod';
import { timestampSchema } from '../common.ts';

// ---- GET /api/system/health (origin fields; every value is measured, none hard-coded)
export const maintenanceResultsSchema = z.object({
  closed_polls: z.number().int(),
  cleaned_access_logs: z.number().int(),
  cleaned_empty_rooms: z.number().int(),
  cleaned_device_sessions: z.number().int(),
  cleaned_upload_tokens: z.number().int(),
  cleaned_orphan_uploads: z.number().int(),
  cleaned_orphan_profiles: z.number().int(),
});
export type MaintenanceResults = z.infer<typeof maintenanceResultsSchema>;
/** One job of the last pass: when it finished, the rows (or files) it touched, its error. */
export const maintenanceJobResultSchema = z.object({ at: timestampSchema, rows: z.number().int(), error: z.string().nullable() });
export type MaintenanceJobResult = z.infer<typeof maintenanceJobResultSchema>;

export const healthResponseSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  timestamp: timestampSchema,
  tls: z.object({ configured: z.boolean(), effective: z.boolean(), enforce_https: z.boolean() }),
  db: z.object({ ok: z.boolean(), latency_ms: z.number().optional(), error: z.string().optional() }),
  session_guard: z.object({
    fail_open_enabled: z.boolean(),
    fail_open_count: z.number().int(),
    last_fail_open_at: timestampSchema.nullable(),
    fail_closed_count: z.number().int(),
    last_fail_closed_at: timestampSchema.nullable(),
  }),
  maintenance: z.object({
    last_run_at: timestampSchema.nullable(),
    last_results: maintenanceResultsSchema.nullable(),
    last_error: z.string().nullable(),
    /** Per job, by the names of last_results. */
    jobs: z.record(z.string(), maintenanceJobResultSchema),
    /** The instance that ran the last pass (once per cluster: the lease holder). */
    last_run_by: z.string().nullable(),
    scheduler_started: z.boolean(),
    interval_minutes: z.number(),
  }),
  rate_limit: z.object({ storage_uri: z.string(), key_mode: z.enum(['ip', 'user_ip']), ok: z.boolean() }),
  /** adapter: 'memory' (one process), 'cluster' (a worker of WORKERS > 1, through its primary) or
   * 'redis' (REDIS_URL); ok: false while the cluster bus is unreachable (this instance still serves
   * its own clients; the others do not hear it). connected_sockets counts this process's. */
  realtime: z.object({ adapter: z.enum(['memory', 'cluster', 'redis']), connected_sockets: z.number().int(), ok: z.boolean() }),
  version: z.string(),
});
export type HealthResponse = z.infer<typeof healthResponseSchema>;

// ---- GET /api/system/ready (load balancers: 200 while the database answers, 503 otherwise)
export const readyResponseSchema = z.object({
  ready: z.boolean(),
  db: z.object({ ok: z.boolean(), latency_ms: z.number().optional(), error: z.string().optional() }),
});
export type ReadyResponse = z.infer<typeof readyResponseSchema>;

// ---- GET /api/client/update?client_version=&channel=
export const releaseChannelSchema = z.enum(['stable', 'canary']);
export type ReleaseChannel = z.infer<typeof releaseChannelSchema>;
/** Lenient like the origin: the version is trimmed and cut at 64 characters, an unknown channel
 * falls back to the default one. */
export const clientUpdateQuerySchema = z.object({
  client_version: z
    .string()
    .optional()
    .transform((v) => v?.trim().slice(0, 64)),
  channel: z.string().optional(),
});
export const clientUpdateResponseSchema = z.object({
  channel: releaseChannelSchema,
  desktop_only_mode: z.boolean(),
  minimum_version: z.string(),
  latest_version: z.string(),
  download_url: z.string(),
  release_notes_url: z.string(),
  client_version: z.string().nullable(),
  update_available: z.boolean(),
  force_update: z.boolean(),
  artifact_sha256: z.string().optional(),
  artifact_signature: z.string().optional(),
  signature_alg: z.string().optional(),
});
export type ClientUpdateResponse = z.infer<typeof clientUpdateResponseSchema>;

// ---- GET /api/i18n/:domain
export const i18nDomainSchema = z.enum(['server', 'client', 'web', 'server_gui']);
export type I18nDomain = z.infer<typeof i18nDomainSchema>;
export const i18nResponseSchema = z.object({
  domain: i18nDomainSchema,
  locale: z.enum(['ko-KR', 'en-US']),
  catalog: z.record(z.string(), z.string()),
});
