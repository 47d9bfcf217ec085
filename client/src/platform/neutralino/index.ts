import * as Neutralino from '@neutralinojs/lib';
import type { Platform } from '../types.ts';
import { osKeyring } from './keyring.ts';
import { neutralinoNative } from './native.ts';
import { desktopTokenStore } from './token-store.ts';

/** The desktop app (Neutralino): assembles the modules beside this file. The device token goes to
 * the OS credential store (else a 0600 file in the per-user data folder); tray with Open/Quit,
 * close-to-tray, OS notifications; small settings in Neutralino storage. */
const cache = new Map<string, string | null>();

export async function neutralinoPlatform(): Promise<Platform> {
  Neutralino.init();
  const native = neutralinoNative();
  await setUpTray();
  Neutralino.events.on('windowClose', () => void Neutralino.window.hide());
  for (const key of ['server_url', 'language', 'theme']) {
    cache.set(key, await Neutralino.storage.getData(`setting_${key}`).catch(() => null));
  }
  const os = (await Neutralino.computer.getOSInfo().catch(() => null)) as { name?: string } | null;
  return {
    kind: 'neutralino',
    authMode: 'bearer',
    canChooseServer: true,
    defaultServerUrl: () => cache.get('server_url') ?? 'http://127.0.0.1:5000',
    defaultDeviceName: () => `${os?.name ?? 'Desktop'} Desktop`,
    tokenStore: desktopTokenStore(native, osKeyring(native, window.NL_OS), window.NL_DATAPATH),
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
