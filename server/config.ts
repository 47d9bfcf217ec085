import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/** Parse once at start; a wrong value stops the server with a message naming the variable. */
const bool = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => ['1', 'true', 'yes', 'on', '0', 'false', 'no', 'off', ''].includes(v), 'expected true/false')
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const version = z.string().trim().regex(/^\d+(\.\d+){0,2}([-+].*)?$/, 'expected a version like 1.2.3');

/** A rate limit such as "10/minute", "30/min", "5/second", "100/hour". */
const rate = z
  .string()
  .trim()
  .regex(/^\d+\s*\/\s*(s|sec|second|m|min|minute|h|hour)$/i, 'expected N/second|minute|hour')
  .transform((v) => {
    const [n, unit] = v.split('/').map((s) => s.trim().toLowerCase());
    const windowMs = unit!.startsWith('h') ? 3_600_000 : unit!.startsWith('m') ? 60_000 : 1_000;
    return { limit: Number(n), windowMs };
  });
export type RateRule = z.output<typeof rate>;

const releaseSchema = (prefix: string) => ({
  [`${prefix}_MIN_VERSION`]: version.default('1.0.0'),
  [`${prefix}_LATEST_VERSION`]: version.default('1.0.0'),
  [`${prefix}_DOWNLOAD_URL`]: z.string().default(''),
  [`${prefix}_RELEASE_NOTES_URL`]: z.string().default(''),
  [`${prefix}_ARTIFACT_SHA256`]: z.string().default(''),
  [`${prefix}_ARTIFACT_SIGNATURE`]: z.string().default(''),
  [`${prefix}_SIGNATURE_ALG`]: z.string().default('sha256'),
});

const envSchema = z.object({
  PORT: int(0, 65535).default(5000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  UPLOAD_DIR: z.string().default(''),
  UPLOAD_SCAN_COMMAND: z.string().trim().default(''),
  DATABASE_URL: z.string().optional(),
  DATABASE_AUTH_TOKEN: z.string().optional(),
  DATABASE_SYNC_URL: z.string().optional(),
  DATABASE_SYNC_INTERVAL_SECONDS: z.coerce.number().positive().max(3600).default(1),
  MESSENGER_ENV: z.string().default(''),
  FLASK_ENV: z.string().default(''),
  USE_HTTPS: bool.optional(),
  TLS_CERT_FILE: z.string().default(''),
  TLS_KEY_FILE: z.string().default(''),
  ENFORCE_HTTPS: bool.default(false),
  MESSENGER_TLS_EFFECTIVE: bool.default(false),
  TRUST_PROXY: bool.default(false),
  DESKTOP_ONLY_MODE: bool.default(false),
  ALLOW_SELF_REGISTER: bool.default(true),
  DESKTOP_CLIENT_CHANNEL_DEFAULT: z.enum(['stable', 'canary']).default('stable'),
  ...releaseSchema('DESKTOP_CLIENT'),
  ...releaseSchema('DESKTOP_CLIENT_CANARY'),
  MAINTENANCE_INTERVAL_MINUTES: z.coerce.number().min(0).max(10_080).default(30),
  RATE_LIMIT_ENABLED: bool.default(true),
  RATE_LIMIT_STORAGE_URI: z.string().default('memory://'),
  RATE_LIMIT_KEY_MODE: z.enum(['ip', 'user_ip']).default('ip'),
  RATE_LIMIT_REGISTER: rate.prefault('5/minute'),
  RATE_LIMIT_LOGIN: rate.prefault('10/minute'),
  RATE_LIMIT_DEVICE_LOGIN: rate.prefault('10/minute'),
  RATE_LIMIT_REFRESH: rate.prefault('30/minute'),
  RATE_LIMIT_ENTERPRISE_LOGIN: rate.prefault('20/minute'),
  RATE_LIMIT_SEARCH: rate.prefault('30/minute'),
  ACCESS_TOKEN_TTL_SECONDS: int(60, 900).default(900),
  DEVICE_SESSION_TTL_DAYS: int(1, 365).default(30),
  DEVICE_SESSION_SHORT_TTL_DAYS: int(1, 365).default(1),
  DEVICE_SESSION_MAX_DAYS: int(1, 3650).default(180),
  MAX_CONTENT_LENGTH: int(1024, 1 << 30).default(16 * 1024 * 1024),
  SOCKETIO_CORS_ALLOWED_ORIGINS: z.string().default(''),
  ENTERPRISE_AUTH_ENABLED: bool.default(false),
  ENTERPRISE_AUTH_PROVIDER: z.string().trim().default(''),
  CLIENT_DIR: z.string().default('client/dist'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  REDIS_URL: z.string().trim().refine((v) => v === '' || /^rediss?:\/\//.test(v), 'expected redis://host:port').default(''),
  WORKERS: z.preprocess((v) => (v === undefined || v === '' ? undefined : v), int(1, 256).optional()),
  METRICS_TOKEN: z.string().trim().refine((v) => v === '' || v.length >= 16, 'expected at least 16 characters').default(''),
});

export interface ReleaseConfig {
  minVersion: string;
  latestVersion: string;
  downloadUrl: string;
  releaseNotesUrl: string;
  artifactSha256: string;
  artifactSignature: string;
  signatureAlg: string;
}

export type RateLimitRoute = 'register' | 'login' | 'deviceLogin' | 'refresh' | 'enterpriseLogin' | 'search';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** Uploaded files, thumbnails and profile images (default DATA_DIR/uploads). */
  uploadDir: string;
  /** Run on every upload before its token is issued, e.g. `clamdscan --no-summary {path}`
   * ({path} is the stored file; appended when absent). Non-zero exit = refused. '' = none. */
  uploadScanCommand: string;
  databaseUrl: string;
  databaseAuthToken?: string;
  /** Embedded replica: DATABASE_URL is the local file, this the primary (sqld) writes go to. */
  databaseSyncUrl?: string;
  /** How often the embedded replica pulls the primary's changes. */
  databaseSyncIntervalSeconds: number;
  env: string;
  isProduction: boolean;
  /** Secure cookies + HSTS; TLS is served directly only when cert and key files are given. */
  useHttps: boolean;
  tlsCertFile: string;
  tlsKeyFile: string;
  enforceHttps: boolean;
  tlsEffectiveFromEnv: boolean;
  trustProxy: boolean;
  /** Live, like `release`: DATA_DIR/settings.json overrides it while running (server/settings/). */
  desktopOnlyMode: boolean;
  allowSelfRegister: boolean;
  release: { defaultChannel: 'stable' | 'canary'; stable: ReleaseConfig; canary: ReleaseConfig };
  maintenanceIntervalMinutes: number;
  rateLimit: {
    enabled: boolean;
    storageUri: string;
    keyMode: 'ip' | 'user_ip';
    rules: Record<RateLimitRoute, RateRule>;
  };
  accessTokenTtlSeconds: number;
  deviceSessionTtlDays: number;
  deviceSessionShortTtlDays: number;
  deviceSessionMaxDays: number;
  maxContentLength: number;
  corsOrigins: string[];
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  enterpriseAuth: { enabled: boolean; provider: string };
  /** Bearer token for GET /metrics from other hosts ('' = local scrapes only). */
  metricsToken: string;
  /** The cluster bus (socket.io fan-out, cache invalidation, revocation, shared rate limits);
   * '' = one instance, everything in memory. */
  redisUrl: string;
  /** Server processes on one port (Node only; server/entry/cluster.ts). 1 = today's single
   * process, no primary. Default: the number of cores. */
  workers: number;
  /** The built web client (hybrid mode serves it at /). */
  clientDir: string;
}

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data as z.output<typeof envSchema> & Record<string, string>;
  const appEnv = (e.MESSENGER_ENV || e.FLASK_ENV || 'dev').toLowerCase();
  const isProduction = appEnv === 'prod' || appEnv === 'production';
  const dataDir = path.resolve(e.DATA_DIR);
  const release = (prefix: string, fallback?: ReleaseConfig): ReleaseConfig => {
    const pick = (key: string, base?: string) => (env[`${prefix}_${key}`] ? e[`${prefix}_${key}`]! : base ?? e[`${prefix}_${key}`]!);
    return {
      minVersion: pick('MIN_VERSION', fallback?.minVersion),
      latestVersion: pick('LATEST_VERSION', fallback?.latestVersion),
      downloadUrl: pick('DOWNLOAD_URL', fallback?.downloadUrl),
      releaseNotesUrl: pick('RELEASE_NOTES_URL', fallback?.releaseNotesUrl),
      artifactSha256: pick('ARTIFACT_SHA256', fallback?.artifactSha256),
      artifactSignature: pick('ARTIFACT_SIGNATURE', fallback?.artifactSignature),
      signatureAlg: pick('SIGNATURE_ALG', fallback?.signatureAlg),
    };
  };
  const stable = release('DESKTOP_CLIENT');
  if ((e.TLS_CERT_FILE === '') !== (e.TLS_KEY_FILE === '')) {
    throw new ConfigError('Invalid configuration:\n  TLS_CERT_FILE and TLS_KEY_FILE must be set together');
  }
  const databaseUrl = e.DATABASE_URL || `file:${path.join(dataDir, 'messenger.db')}`;
  if (e.DATABASE_SYNC_URL && !databaseUrl.startsWith('file:')) {
    throw new ConfigError('Invalid configuration:\n  DATABASE_SYNC_URL needs DATABASE_URL=file:<local replica path>');
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    uploadDir: e.UPLOAD_DIR ? path.resolve(e.UPLOAD_DIR) : path.join(dataDir, 'uploads'),
    uploadScanCommand: e.UPLOAD_SCAN_COMMAND,
    databaseUrl,
    databaseAuthToken: e.DATABASE_AUTH_TOKEN,
    databaseSyncUrl: e.DATABASE_SYNC_URL || undefined,
    databaseSyncIntervalSeconds: e.DATABASE_SYNC_INTERVAL_SECONDS,
    env: appEnv,
    isProduction,
    // Production, enforcing HTTPS or serving TLS means Secure cookies and HSTS unless USE_HTTPS says otherwise.
    useHttps: e.USE_HTTPS ?? (isProduction || e.ENFORCE_HTTPS || e.TLS_CERT_FILE !== ''),
    tlsCertFile: e.TLS_CERT_FILE,
    tlsKeyFile: e.TLS_KEY_FILE,
    enforceHttps: e.ENFORCE_HTTPS,
    tlsEffectiveFromEnv: e.MESSENGER_TLS_EFFECTIVE,
    trustProxy: e.TRUST_PROXY,
    desktopOnlyMode: e.DESKTOP_ONLY_MODE,
    allowSelfRegister: e.ALLOW_SELF_REGISTER,
    release: {
      defaultChannel: e.DESKTOP_CLIENT_CHANNEL_DEFAULT,
      stable,
      // Empty canary values fall back to stable (origin).
      canary: release('DESKTOP_CLIENT_CANARY', stable),
    },
    maintenanceIntervalMinutes: e.MAINTENANCE_INTERVAL_MINUTES,
    rateLimit: {
      enabled: e.RATE_LIMIT_ENABLED,
      storageUri: e.RATE_LIMIT_STORAGE_URI,
      keyMode: e.RATE_LIMIT_KEY_MODE,
      rules: {
        register: e.RATE_LIMIT_REGISTER,
        login: e.RATE_LIMIT_LOGIN,
        deviceLogin: e.RATE_LIMIT_DEVICE_LOGIN,
        refresh: e.RATE_LIMIT_REFRESH,
        enterpriseLogin: e.RATE_LIMIT_ENTERPRISE_LOGIN,
        search: e.RATE_LIMIT_SEARCH,
      },
    },
    accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
    deviceSessionTtlDays: e.DEVICE_SESSION_TTL_DAYS,
    deviceSessionShortTtlDays: e.DEVICE_SESSION_SHORT_TTL_DAYS,
    deviceSessionMaxDays: e.DEVICE_SESSION_MAX_DAYS,
    maxContentLength: e.MAX_CONTENT_LENGTH,
    corsOrigins: e.SOCKETIO_CORS_ALLOWED_ORIGINS.split(',').map((s) => s.trim()).filter(Boolean),
    logLevel: e.LOG_LEVEL,
    enterpriseAuth: { enabled: e.ENTERPRISE_AUTH_ENABLED, provider: e.ENTERPRISE_AUTH_PROVIDER },
    metricsToken: e.METRICS_TOKEN,
    redisUrl: e.REDIS_URL,
    workers: e.WORKERS ?? os.availableParallelism(),
    clientDir: path.resolve(e.CLIENT_DIR),
  };
}
