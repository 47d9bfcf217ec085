import { signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import type { Locale } from '../../../../protocol/locale.ts';
import { createTray, trayMenu } from './tray.ts';

/** The runtime's tray and window (which cannot run inside vitest): records the calls. */
function fakeWindow() {
  const calls: string[] = [];
  const menus: string[][] = [];
  let click: (id: string) => void = () => {};
  let close: () => void = () => {};
  const native = {
    setTray: async (items: Array<{ text: string }>) => void menus.push(items.map((i) => i.text)),
    onTrayClick: (h: (id: string) => void) => void (click = h),
    onWindowClose: (h: () => void) => void (close = h),
    showWindow: async () => void calls.push('show+focus'),
    hideWindow: async () => void calls.push('hide'),
  };
  return { native, calls, menus, click: (id: string) => click(id), close: () => close() };
}

describe('the tray menu', () => {
  it('shows the unread total first, disabled, then Open / Sign out / Quit', () => {
    expect(trayMenu('en', 3)).toEqual([
      { id: 'unread', text: '3 unread', isDisabled: true },
      { text: '-' },
      { id: 'open', text: 'Open' },
      { id: 'sign_out', text: 'Sign out' },
      { id: 'quit', text: 'Quit' },
    ]);
    expect(trayMenu('ko', 3).map((i) => i.text)).toEqual(['읽지 않은 메시지 3개', '-', '열기', '로그아웃', '종료']);
  });

  it('says so when nothing is unread, and counts one and many', () => {
    expect(trayMenu('en', 0)[0]).toEqual({ id: 'unread', text: 'No unread messages', isDisabled: true });
    expect(trayMenu('ko', 0)[0]!.text).toBe('읽지 않은 메시지 없음');
    expect(trayMenu('en', 1)[0]!.text).toBe('1 unread');
    expect(trayMenu('ko', 1)[0]!.text).toBe('읽지 않은 메시지 1개');
    expect(trayMenu('en', 1250)[0]!.text).toBe('1250 unread');
  });
});

describe('createTray', () => {
  it('is rebuilt when the language or the unread total changes', () => {
    const w = fakeWindow();
    const locale = signal<Locale>('ko');
    const tray = createTray(w.native, { locale, quit: () => {} });
    expect(w.menus).toEqual([['읽지 않은 메시지 없음', '-', '열기', '로그아웃', '종료']]);
    tray.setUnread(2);
    locale.value = 'en';
    expect(w.menus.slice(1)).toEqual([
      ['읽지 않은 메시지 2개', '-', '열기', '로그아웃', '종료'],
      ['2 unread', '-', 'Open', 'Sign out', 'Quit'],
    ]);
    tray.setUnread(2);
    expect(w.menus).toHaveLength(3);
  });

  it('routes clicks: Open shows and focuses, Sign out asks the app, Quit quits', () => {
    const w = fakeWindow();
    const asked: string[] = [];
    const tray = createTray(w.native, { locale: signal<Locale>('en'), quit: () => asked.push('quit') });
    w.click('sign_out'); // no handler yet: nothing
    tray.onSignOutRequest(() => asked.push('sign out'));
    w.click('open');
    w.click('sign_out');
    w.click('unread');
    w.click('quit');
    expect(w.calls).toEqual(['show+focus']);
    expect(asked).toEqual(['sign out', 'quit']);
  });

  it('hides the window to the tray on close, and knows it is hidden until shown again', async () => {
    const w = fakeWindow();
    const tray = createTray(w.native, { locale: signal<Locale>('en'), quit: () => {} });
    expect(tray.visible()).toBe(true);
    w.close();
    expect(w.calls).toEqual(['hide']);
    expect(tray.visible()).toBe(false);
    await tray.show();
    expect(w.calls).toEqual(['hide', 'show+focus']);
    expect(tray.visible()).toBe(true);
  });
});
