import type { KV } from '../chat/outbox.ts';

/** Everything OS-specific sits behind this interface: the browser implementation now, the
 * Neutralino one for the desktop app. The rest of the client is shared. */
export interface StoredDeviceSession {
  server_url: string;
  device_token: string;
  device_name: string;
}

export interface TokenStore {
  load(): Promise<StoredDeviceSession | null>;
  save(session: StoredDeviceSession): Promise<void>;
  clear(): Promise<void>;
}

/** Start with the user's session. The OS entry is the only state: nothing is kept elsewhere. */
export interface Autostart {
  isEnabled(): Promise<boolean>;
  setEnabled(on: boolean): Promise<void>;
}

export interface Platform {
  kind: 'browser' | 'neutralino';
  /** cookie: HttpOnly cookies + CSRF header (browser, same origin). bearer: device token kept by
   * the platform, access token in memory, sent as Authorization (desktop). */
  authMode: 'cookie' | 'bearer';
  /** The desktop asks for the server URL; the browser talks to the origin that served it. */
  canChooseServer: boolean;
  defaultServerUrl(): string;
  /** The server named by the launcher (`--server=<url>`), unchecked; it wins over the remembered
   * one. Null without one (always in the browser). */
  launchServerUrl(): string | null;
  defaultDeviceName(): string;
  /** The installed app's version, for the update check; null in the browser, which the server
   * serves current. */
  appVersion(): string | null;
  /** Open a web page in the system browser (download and release-notes links, links in messages),
   * or a mailto: link in the mail program. */
  openExternal(url: string): void;
  /** Only for bearer mode: where the device token lives between runs. */
  tokenStore: TokenStore | null;
  /** Small settings (language, theme, server URL). Never tokens. */
  settings: { get(key: string): string | null; set(key: string, value: string | null): void };
  /** Preferred UI languages, most preferred first (navigator.languages, the OS locale). */
  languages(): readonly string[];
  notify(title: string, body: string): void;
  /** Desktop: the unread total (muted rooms left out), shown in the tray menu. */
  setUnread?(count: number): void;
  /** Desktop: the window title, which the OS shows in its task bar (the web view does not
   * follow document.title). */
  setTitle?(title: string): void;
  /** Desktop: the tray's "Sign out" calls `handler`; the app logs out as from its own menu. */
  onSignOutRequest?(handler: () => void): void;
  /** Desktop: start on login (off until the user turns it on in the settings menu). */
  autostart?: Autostart;
  /** Whether the app window is in front (notifications are skipped then). */
  isFocused(): boolean;
  /** Desktop: a native yes/no box, for the tray's Sign out with unsent messages (the window may
   * be hidden then). Everything asked inside the window is an in-app dialog (views/common/confirm). */
  confirm?(message: string): Promise<boolean>;
  /** Desktop: save a downloaded file where the user picks (the OS save dialog); false when the
   * user cancelled. The browser saves through a download link instead. */
  saveFile?(name: string, data: Blob): Promise<boolean>;
  /** Where the outbox lives when IndexedDB would not last (the desktop app); IndexedDB otherwise. */
  outboxKV?: KV;
}
