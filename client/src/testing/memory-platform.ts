import type { Platform, StoredDeviceSession } from '../platform/types.ts';

export interface MemoryPlatform extends Platform {
  notifications: Array<{ title: string; body: string }>;
  focused: boolean;
  stored: StoredDeviceSession | null;
  /** What launchServerUrl() and appVersion() answer (null: none), and the pages openExternal() opened. */
  launchServer: string | null;
  version: string | null;
  opened: string[];
}

/** The Platform in tests. The platform is only the OS seam (where the device token is kept,
 * settings, notifications, focus), so an in-memory one changes nothing about the network paths
 * under test: bearer mode, exactly as the desktop app talks to the server. */
export function memoryPlatform(serverUrl: string, stored: StoredDeviceSession | null = null): MemoryPlatform {
  const settings = new Map<string, string>();
  const p: MemoryPlatform = {
    kind: 'neutralino',
    authMode: 'bearer',
    canChooseServer: true,
    defaultServerUrl: () => serverUrl,
    launchServer: null,
    launchServerUrl: () => p.launchServer,
    defaultDeviceName: () => 'Test Desktop',
    version: null,
    appVersion: () => p.version,
    opened: [],
    openExternal: (url) => void p.opened.push(url),
    stored,
    tokenStore: {
      load: async () => p.stored,
      save: async (s) => void (p.stored = { ...s }),
      clear: async () => void (p.stored = null),
    },
    settings: {
      get: (k) => settings.get(k) ?? null,
      set: (k, v) => void (v === null ? settings.delete(k) : settings.set(k, v)),
    },
    languages: () => ['ko-KR'],
    notifications: [],
    notify: (title, body) => void p.notifications.push({ title, body }),
    focused: true,
    isFocused: () => p.focused,
    confirm: async () => true,
  };
  return p;
}
