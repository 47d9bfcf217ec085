import type { TrayMenuItem } from '@neutralinojs/lib';
import { type ReadonlySignal, effect, signal } from '@preact/signals';
import type { Locale } from '../../../../protocol/locale.ts';
import { translate } from '../../i18n/index.ts';
import { type Native, warn } from './native.ts';

/** The tray menu: the unread total first, disabled (the runtime has no tray tooltip to show it),
 * then Open / Sign out / Quit, in the app's language. */
export function trayMenu(l: Locale, unread: number): TrayMenuItem[] {
  return [
    { id: 'unread', text: unread > 0 ? translate(l, 'tray.unread', { n: unread }) : translate(l, 'tray.no_unread'), isDisabled: true },
    { text: '-' },
    { id: 'open', text: translate(l, 'tray.open') },
    { id: 'sign_out', text: translate(l, 'tray.sign_out') },
    { id: 'quit', text: translate(l, 'tray.quit') },
  ];
}

export interface Tray {
  setUnread(count: number): void;
  onSignOutRequest(handler: () => void): void;
  /** Show and focus the window (tray Open, a second launch). */
  show(): Promise<void>;
  /** False while the window is hidden in the tray. */
  visible(): boolean;
}

/** The app's life in the tray: closing the window hides it (the socket stays connected, so
 * notifications keep coming); Open brings it back, Sign out asks the app to log out, Quit ends
 * the process. The menu is rebuilt when the language or the unread total changes. */
export function createTray(
  native: Pick<Native, 'setTray' | 'onTrayClick' | 'onWindowClose' | 'showWindow' | 'hideWindow'>,
  opts: { locale: ReadonlySignal<Locale>; quit(): void },
): Tray {
  const unread = signal(0);
  let shown = true;
  let signOut: (() => void) | null = null;
  effect(() => void native.setTray(trayMenu(opts.locale.value, unread.value)).catch((err) => warn('setTray', err)));

  async function show(): Promise<void> {
    shown = true;
    await native.showWindow().catch((err) => warn('show window', err));
  }
  native.onWindowClose(() => {
    shown = false;
    void native.hideWindow().catch((err) => warn('hide window', err));
  });
  native.onTrayClick((id) => {
    if (id === 'open') void show();
    if (id === 'sign_out') signOut?.();
    if (id === 'quit') opts.quit();
  });
  return {
    setUnread: (count) => void (unread.value = count),
    onSignOutRequest: (handler) => void (signOut = handler),
    show,
    visible: () => shown,
  };
}
