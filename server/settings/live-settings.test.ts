import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../config.ts';
import { createLogger } from '../logger.ts';
import { LiveSettings } from './live-settings.ts';
import { updateSettings } from './settings-file.ts';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'messenger-settings-'));
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('LiveSettings', () => {
  it('applies a changed file at the next one-second poll, and falls back to the environment when it goes', () => {
    const config = loadConfig({ DATA_DIR: dir, DESKTOP_CLIENT_MIN_VERSION: '1.1.0', DESKTOP_CLIENT_DOWNLOAD_URL: 'https://env.example/dl' });
    const live = new LiveSettings(config, createLogger('silent'));
    live.reload();
    live.start();
    updateSettings(dir, () => ({ desktop_only_mode: true, release: { stable: { latest_version: '2.0.0' } } }));
    expect(config.desktopOnlyMode).toBe(false);
    vi.advanceTimersByTime(1000);
    expect(config.desktopOnlyMode).toBe(true);
    // Only what the file names is overridden.
    expect(config.release.stable).toMatchObject({ minVersion: '1.1.0', latestVersion: '2.0.0', downloadUrl: 'https://env.example/dl' });
    fs.rmSync(path.join(dir, 'settings.json'));
    vi.advanceTimersByTime(1000);
    expect(config.desktopOnlyMode).toBe(false);
    expect(config.release.stable.latestVersion).toBe('1.0.0');
    live.stop();
  });

  it('keeps the last good settings when the file is broken', () => {
    const config = loadConfig({ DATA_DIR: dir });
    const live = new LiveSettings(config, createLogger('silent'));
    updateSettings(dir, () => ({ desktop_only_mode: true }));
    live.reload();
    expect(config.desktopOnlyMode).toBe(true);
    fs.writeFileSync(path.join(dir, 'settings.json'), '{"desktop_only_mode": "yes please"}');
    live.reload();
    expect(config.desktopOnlyMode).toBe(true);
    fs.writeFileSync(path.join(dir, 'settings.json'), '{not json');
    live.reload();
    expect(config.desktopOnlyMode).toBe(true);
  });
});
