import type { Platform } from '../platform/types.ts';
import { signal } from '../state/signal.ts';

/** Light, dark, or whatever the OS says. Kept in platform settings ('theme'); applied as
 * `data-theme` on <html> (absent for 'system', where the CSS follows prefers-color-scheme). */
export type ThemePreference = 'light' | 'dark' | 'system';

export const themePreference = signal<ThemePreference>('system');

export function initTheme(platform: Platform): void {
  const stored = platform.settings.get('theme');
  themePreference.value = stored === 'light' || stored === 'dark' ? stored : 'system';
  apply(themePreference.value);
  themePreference.subscribe((pref) => {
    platform.settings.set('theme', pref === 'system' ? null : pref);
    apply(pref);
  });
}

function apply(pref: ThemePreference): void {
  const root = document.documentElement;
  if (pref === 'system') delete root.dataset.theme;
  else root.dataset.theme = pref;
}
