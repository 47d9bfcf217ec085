import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('config from the environment', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({});
    expect(c.port).toBe(5000);
    expect(c.host).toBe('0.0.0.0');
    expect(c.dataDir).toBe(path.resolve('./data'));
    expect(c.databaseUrl).toBe(`file:${path.join(path.resolve('./data'), 'messenger.db')}`);
    expect(c.useHttps).toBe(false);
    expect(c.desktopOnlyMode).toBe(false);
    expect(c.maintenanceIntervalMinutes).toBe(30);
    expect(c.rateLimit.rules.register).toEqual({ limit: 5, windowMs: 60_000 });
    expect(c.rateLimit.rules.refresh).toEqual({ limit: 30, windowMs: 60_000 });
    expect(c.accessTokenTtlSeconds).toBe(900);
    expect(c.release.stable.minVersion).toBe('1.0.0');
  });

  it('turns HTTPS on in production unless USE_HTTPS says otherwise', () => {
    expect(loadConfig({ MESSENGER_ENV: 'production' }).useHttps).toBe(true);
    expect(loadConfig({ MESSENGER_ENV: 'prod', USE_HTTPS: 'off' }).useHttps).toBe(false);
    expect(loadConfig({ FLASK_ENV: 'production' }).useHttps).toBe(true);
    expect(loadConfig({ USE_HTTPS: 'yes' }).useHttps).toBe(true);
  });

  it('fails fast naming each bad variable', () => {
    const bad = () => loadConfig({ PORT: '99999', USE_HTTPS: 'maybe', RATE_LIMIT_SEARCH: '10 per minute', ACCESS_TOKEN_TTL_SECONDS: '3600' });
    expect(bad).toThrow(ConfigError);
    try {
      bad();
    } catch (err) {
      for (const name of ['PORT', 'USE_HTTPS', 'RATE_LIMIT_SEARCH', 'ACCESS_TOKEN_TTL_SECONDS']) expect((err as Error).message).toContain(name);
    }
    expect(() => loadConfig({ TLS_CERT_FILE: '/x.pem' })).toThrow(/TLS_CERT_FILE and TLS_KEY_FILE/);
  });

  it('falls back to stable values for empty canary settings', () => {
    const c = loadConfig({ DESKTOP_CLIENT_LATEST_VERSION: '1.5.0', DESKTOP_CLIENT_CANARY_MIN_VERSION: '1.4.0' });
    expect(c.release.canary.latestVersion).toBe('1.5.0');
    expect(c.release.canary.minVersion).toBe('1.4.0');
  });

  it('parses rate rules in seconds, minutes and hours', () => {
    const c = loadConfig({ RATE_LIMIT_LOGIN: '3/second', RATE_LIMIT_SEARCH: '100/hour' });
    expect(c.rateLimit.rules.login).toEqual({ limit: 3, windowMs: 1000 });
    expect(c.rateLimit.rules.search).toEqual({ limit: 100, windowMs: 3_600_000 });
  });

  it('takes an embedded replica only over a local file, syncing every second by default', () => {
    const c = loadConfig({ DATABASE_URL: 'file:/tmp/r/messenger.db', DATABASE_SYNC_URL: 'http://127.0.0.1:8080' });
    expect(c.databaseSyncUrl).toBe('http://127.0.0.1:8080');
    expect(c.databaseSyncIntervalSeconds).toBe(1);
    expect(loadConfig({}).databaseSyncUrl).toBeUndefined();
    expect(loadConfig({ DATABASE_SYNC_URL: 'http://p:8080', DATABASE_SYNC_INTERVAL_SECONDS: '0.5' }).databaseSyncIntervalSeconds).toBe(0.5);
    expect(() => loadConfig({ DATABASE_URL: 'http://127.0.0.1:8080', DATABASE_SYNC_URL: 'http://127.0.0.1:8080' })).toThrow(/DATABASE_SYNC_URL/);
    expect(() => loadConfig({ DATABASE_SYNC_INTERVAL_SECONDS: '0' })).toThrow(/DATABASE_SYNC_INTERVAL_SECONDS/);
  });
});
