import { clientCatalog } from '../../../protocol/i18n/client.ts';
import { type Locale, displayLocale, normalizeLocale } from '../../../protocol/locale.ts';
import type { Platform } from '../platform/types.ts';
import { signal } from '../state/signal.ts';

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
  const pref: LanguagePreference = stored === 'ko' || stored === 'en' ? stored : 'auto';
  languagePreference.value = pref;
  locale.value = pref === 'auto' ? detectLocale(platform.languages()) : pref;
  languagePreference.subscribe((p) => {
    platform.settings.set('language', p === 'auto' ? null : p);
    locale.value = p === 'auto' ? detectLocale(platform.languages()) : p;
  });
  locale.subscribe((l) => (document.documentElement.lang = l));
  document.documentElement.lang = locale.value;
}

/** The string for `key` in the current language; `{name}` placeholders are filled from params. */
export function t(key: string, params?: Record<string, string | number>): string {
  const text = clientCatalog[locale.value][key] ?? clientCatalog.ko[key] ?? key;
  return params ? text.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? `{${k}}`)) : text;
}

export const appLanguageHeader = () => displayLocale(locale.value);
