import type { Platform } from './types.ts';

/** The browser: same-origin server, HttpOnly cookies (no token ever reaches script or storage),
 * the Notification API. */
export function browserPlatform(): Platform {
  return {
    kind: 'browser',
    authMode: 'cookie',
    canChooseServer: false,
    defaultServerUrl: () => location.origin,
    launchServerUrl: () => null,
    defaultDeviceName: () => 'Web Browser',
    appVersion: () => null,
    // A mail link goes to the mail program from this page; a tab opened for it would stay blank.
    openExternal: (url) => (url.startsWith('mailto:') ? location.assign(url) : void window.open(url, '_blank', 'noopener')),
    tokenStore: null,
    settings: {
      get: (key) => {
        try {
          return localStorage.getItem(`messenger.${key}`);
        } catch {
          return null;
        }
      },
      set: (key, value) => {
        try {
          if (value === null) localStorage.removeItem(`messenger.${key}`);
          else localStorage.setItem(`messenger.${key}`, value);
        } catch {
          // private mode: settings are not kept, nothing else breaks
        }
      },
    },
    languages: () => navigator.languages ?? [navigator.language],
    notify(title, body) {
      if (typeof Notification === 'undefined') return;
      if (Notification.permission === 'granted') new Notification(title, { body });
      else if (Notification.permission === 'default') void Notification.requestPermission();
    },
    isFocused: () => document.hasFocus(),
  };
}
