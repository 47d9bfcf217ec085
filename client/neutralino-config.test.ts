import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TRAY_ICON } from './src/platform/neutralino/native.ts';

/** The packaging facts the desktop app depends on, measured with the real runtime (6.9.0): get one
 * wrong and the app silently takes the browser platform, writes into its own folder, or shows a
 * missing-image tray icon. The desktop tests run the whole app; this says which setting broke. */
const dir = import.meta.dirname;
const config = JSON.parse(fs.readFileSync(path.join(dir, 'neutralino.config.json'), 'utf8'));

/** An app-root path (`/dist/icons/x.png`) as the file it is built from (client/public/icons/x.png). */
const source = (appPath: string) => {
  const rel = path.posix.relative(config.cli.resourcesPath, appPath);
  expect(rel.startsWith('..'), appPath).toBe(false);
  return path.join(dir, 'public', rel);
};

describe('neutralino.config.json', () => {
  it('injects the runtime globals in window mode (the runtime reads them there, not at the top level)', () => {
    expect(config.modes.window.injectGlobals).toBe(true);
    expect(config.injectGlobals).toBeUndefined();
  });

  it('keeps storage and data in the per-user system folder, so the app folder can be read-only', () => {
    expect(config.storageLocation).toBe('system');
    expect(config.dataLocation).toBe('system');
  });

  it('names icons that exist, relative to the app root', () => {
    for (const icon of [config.modes.window.icon, TRAY_ICON]) expect(fs.existsSync(source(icon)), icon).toBe(true);
  });

  it('packages into dist/desktop with the runtime version it was measured with', () => {
    expect(config.cli.distributionPath).toBe('/../dist/desktop');
    expect(config.cli.binaryVersion).toBe('6.9.0');
  });
});
