import { browserPlatform } from './browser.ts';
import type { Platform } from './types.ts';

/** Neutralino injects NL_PORT into its window; anywhere else this is the browser. */
export async function detectPlatform(): Promise<Platform> {
  if ((window as { NL_PORT?: unknown }).NL_PORT) {
    const { neutralinoPlatform } = await import('./neutralino/index.ts');
    return neutralinoPlatform();
  }
  return browserPlatform();
}

export type { Platform, StoredDeviceSession, TokenStore } from './types.ts';
