import { signal } from '@preact/signals';
import { clientCatalog } from '../../../protocol/i18n/client.ts';
import { type Locale, displayLocale, normalizeLocale } from '../../../protocol/locale.ts';
import type { Platform } from '../platform/types.ts';

/** UI language: 'auto' follows the OS/browser (first ko or en preference, else Korean), or the
 * user picks one; the choice is kept in settings. Every request says it (X-App-Language). */
export type LanguagePreference = 'auto' | Locale;

export const locale = signal<Locale>('ko');
export const languagePreference = signal<LanguagePreference>('auto');

export function detectLocale(languages: readonly string[]): Locale {
  for (const l of languages) {
    const n = normalizeLocale(l);
    if (n) return n;
  }
  return 'ko';
}

export function initI18n(platform: Platform): void {
  const stored = platform.settings.get('language');
  let kept: LanguagePreference = stored === 'ko' || stored === 'en' ? stored : 'auto';
  languagePreference.value = kept;
  // subscribe() runs at once, then on every change; only a change is written back to settings.
  languagePreference.subscribe((p) => {
    locale.value = p === 'auto' ? detectLocale(platform.languages()) : p;
    if (p === kept) return;
    kept = p;
    platform.settings.set('language', p === 'auto' ? null : p);
  });
  locale.subscribe((l) => (document.documentElement.lang = l));
}

/** The string for `key` in the current language; `{name}` placeholders are filled from params. */
export function t(key: string, params?: Record<string, string | number>): string {
  return translate(locale.value, key, params);
}

/** t() in a given language (for what follows `locale` on its own, like the desktop tray). */
export function translate(l: Locale, key: string, params?: Record<string, string | number>): string {
  const text = clientCatalog[l][key] ?? clientCatalog.ko[key] ?? key;
  return params ? text.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? `{${k}}`)) : text;
}

export const appLanguageHeader = () => displayLocale(locale.value);
