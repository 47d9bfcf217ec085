import * as Neutralino from '@neutralinojs/lib';
import { locale } from '../../i18n/index.ts';
import { desktopLaunch } from '../launch.ts';
import type { Platform } from '../types.ts';
import { executablePath, osAutostart } from './autostart.ts';
import { fileKV } from './file-kv.ts';
import { osKeyring } from './keyring.ts';
import { neutralinoNative, warn } from './native.ts';
import { answerFocusRequests, claimInstance, releaseInstance } from './single-instance.ts';
import { desktopTokenStore } from './token-store.ts';
import { createTray } from './tray.ts';

/** The desktop app (Neutralino): assembles the modules beside this file. One instance per user (a
 * second launch brings the first to the front); the device token in the OS credential store (else
 * a 0600 file in the per-user data folder); the tray (unread total, Open / Sign out / Quit, close
 * to tray); start at login; OS notifications; the outbox on disk; small settings in Neutralino
 * storage. */
const cache = new Map<string, string | null>();

export async function neutralinoPlatform(): Promise<Platform> {
  Neutralino.init();
  const native = neutralinoNative();
  // The runtime creates the per-user data folder readable by others, and its own files (settings,
  // log, window state) 0644: the folder itself is closed to everyone but the user.
  await Neutralino.filesystem.chmod(window.NL_DATAPATH, 0o700).catch((err) => warn('close the data folder', err));
  const instance = { dir: `${window.NL_DATAPATH}/instance`, pid: Number(window.NL_PID), os: window.NL_OS };
  // Without a lock folder the app still starts: one instance too many beats none.
  const claim = await claimInstance(native, instance).catch((err) => (warn('single instance', err), 'first'));
  if (claim === 'second') {
    // The running app comes to the front; this one ends before rendering anything.
    await native.exit();
    return new Promise(() => {});
  }
  const quit = async () => {
    await releaseInstance(native, instance).catch((err) => warn('release lock', err));
    await native.exit();
  };
  const tray = createTray(native, { locale, quit: () => void quit() });
  await answerFocusRequests(native, instance, () => void tray.show()).catch((err) => warn('watch for a second launch', err));
  for (const key of ['server_url', 'language', 'theme', 'update_channel', 'update_dismissed']) {
    cache.set(key, await Neutralino.storage.getData(`setting_${key}`).catch(() => null));
  }
  const os = (await Neutralino.computer.getOSInfo().catch(() => null)) as { name?: string } | null;
  return {
    kind: 'neutralino',
    authMode: 'bearer',
    canChooseServer: true,
    // Nothing preset: the login screen asks for the company's server (or --server gives it).
    defaultServerUrl: () => cache.get('server_url') ?? '',
    defaultDeviceName: () => `${os?.name ?? 'Desktop'} Desktop`,
    ...desktopLaunch(window, Neutralino.os.open),
    tokenStore: desktopTokenStore(native, osKeyring(native, window.NL_OS), window.NL_DATAPATH),
    settings: {
      get: (key) => cache.get(key) ?? null,
      set: (key, value) => {
        cache.set(key, value);
        void Neutralino.storage.setData(`setting_${key}`, value).catch((err) => warn(`keep setting ${key}`, err));
      },
    },
    languages: () => navigator.languages ?? [navigator.language],
    notify: (title, body) => void Neutralino.os.showNotification(title, body).catch((err) => warn('showNotification', err)),
    // A window hidden in the tray may still report focus.
    isFocused: () => tray.visible() && document.hasFocus(),
    setUnread: tray.setUnread,
    setTitle: (title) => void Neutralino.window.setTitle(title).catch((err) => warn('setTitle', err)),
    onSignOutRequest: tray.onSignOutRequest,
    autostart: osAutostart(native, window.NL_OS, executablePath(window)) ?? undefined,
    // The web view does not save blob: downloads: the OS dialog picks the place, the runtime writes.
    saveFile: async (name, data) => {
      const path = await Neutralino.os.showSaveDialog(name, { defaultPath: name });
      if (!path) return false;
      await Neutralino.filesystem.writeBinaryFile(path, await data.arrayBuffer());
      return true;
    },
    outboxKV: fileKV(Neutralino.filesystem, `${window.NL_DATAPATH}/outbox`),
    confirm: async (message) =>
      (await Neutralino.os.showMessageBox('Messenger', message, Neutralino.MessageBoxChoice.YES_NO, Neutralino.Icon.QUESTION)) === 'YES',
  };
}
