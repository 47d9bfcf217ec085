import * as Neutralino from '@neutralinojs/lib';
import { desktopLaunch } from '../launch.ts';
import type { Platform, StoredDeviceSession } from '../types.ts';
import { fileKV } from './file-kv.ts';

/** The desktop app (Neutralino). Cannot run on the build machines (no native runtime here), so it
 * stays thin: token in Neutralino storage (the OS credential store needs a native extension; the
 * storage file lives in the user's app data folder), tray with Open/Quit, close-to-tray,
 * OS notifications. Server URL and device token are kept; settings via Neutralino storage too. */
const TOKEN_KEY = 'device_session';
const cache = new Map<string, string | null>();

export async function neutralinoPlatform(): Promise<Platform> {
  Neutralino.init();
  await setUpTray();
  Neutralino.events.on('windowClose', () => void Neutralino.window.hide());
  for (const key of ['server_url', 'language', 'theme', 'update_channel', 'update_dismissed']) {
    cache.set(key, await Neutralino.storage.getData(`setting_${key}`).catch(() => null));
  }
  const os = (await Neutralino.computer.getOSInfo().catch(() => null)) as { name?: string } | null;
  return {
    kind: 'neutralino',
    authMode: 'bearer',
    canChooseServer: true,
    defaultServerUrl: () => cache.get('server_url') ?? 'http://127.0.0.1:5000',
    defaultDeviceName: () => `${os?.name ?? 'Desktop'} Desktop`,
    ...desktopLaunch(window, Neutralino.os.open),
    tokenStore: {
      async load() {
        const raw = await Neutralino.storage.getData(TOKEN_KEY).catch(() => null);
        return raw ? (JSON.parse(raw) as StoredDeviceSession) : null;
      },
      async save(session) {
        await Neutralino.storage.setData(TOKEN_KEY, JSON.stringify(session));
      },
      async clear() {
        await Neutralino.storage.setData(TOKEN_KEY, null).catch(() => {});
      },
    },
    settings: {
      get: (key) => cache.get(key) ?? null,
      set: (key, value) => {
        cache.set(key, value);
        void Neutralino.storage.setData(`setting_${key}`, value);
      },
    },
    languages: () => navigator.languages ?? [navigator.language],
    notify: (title, body) => void Neutralino.os.showNotification(title, body),
    isFocused: () => document.hasFocus(),
    outboxKV: fileKV(Neutralino.filesystem, `${(window as { NL_DATAPATH?: string }).NL_DATAPATH}/outbox`),
    confirm: async (message) =>
      (await Neutralino.os.showMessageBox('Messenger', message, Neutralino.MessageBoxChoice.YES_NO, Neutralino.Icon.QUESTION)) === 'YES',
  };
}

async function setUpTray(): Promise<void> {
  await Neutralino.os
    .setTray({ icon: '/dist/icons/tray.png', menuItems: [{ id: 'open', text: 'Open' }, { id: 'quit', text: 'Quit' }] })
    .catch(() => {});
  Neutralino.events.on('trayMenuItemClicked', (event: CustomEvent<{ id: string }>) => {
    if (event.detail.id === 'open') void Neutralino.window.show();
    if (event.detail.id === 'quit') void Neutralino.app.exit();
  });
}
