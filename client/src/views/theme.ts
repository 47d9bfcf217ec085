import { signal } from '@preact/signals';
import type { Platform } from '../platform/types.ts';

/** Light, dark, or whatever the OS says. Kept in platform settings ('theme'); applied as
 * `data-theme` on <html> (absent for 'system', where the CSS follows prefers-color-scheme). */
export type ThemePreference = 'light' | 'dark' | 'system';

export const themePreference = signal<ThemePreference>('system');

export function initTheme(platform: Platform): void {
  const stored = platform.settings.get('theme');
  let kept: ThemePreference = stored === 'light' || stored === 'dark' ? stored : 'system';
  themePreference.value = kept;
  // subscribe() runs at once, then on every change; only a change is written back to settings.
  themePreference.subscribe((pref) => {
    apply(pref);
    if (pref === kept) return;
    kept = pref;
    platform.settings.set('theme', pref === 'system' ? null : pref);
  });
}

function apply(pref: ThemePreference): void {
  const root = document.documentElement;
  if (pref === 'system') delete root.dataset.theme;
  else root.dataset.theme = pref;
}
