import type { Platform, StoredDeviceSession } from '../platform/types.ts';

export interface MemoryPlatform extends Platform {
  notifications: Array<{ title: string; body: string }>;
  focused: boolean;
  stored: StoredDeviceSession | null;
  /** What launchServerUrl() and appVersion() answer (null: none), and the pages openExternal() opened. */
  launchServer: string | null;
  version: string | null;
  opened: string[];
  /** The last unread total the tray was given. */
  unread: number | null;
  /** The tray's Sign out, as the app registered it. */
  signOutRequest: (() => void) | null;
}

/** The Platform in tests. The platform is only the OS seam (where the device token is kept,
 * settings, notifications, focus, the tray), so an in-memory one changes nothing about the network paths
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
    unread: null,
    setUnread: (n) => void (p.unread = n),
    signOutRequest: null,
    onSignOutRequest: (handler) => void (p.signOutRequest = handler),
    confirm: async () => true,
  };
  return p;
}
