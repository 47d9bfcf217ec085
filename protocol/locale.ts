/** Supported UI/API languages and how a request picks one (origin order: explicit lang,
 * then X-App-Language, then Accept-Language, then Korean). */
export type Locale = 'ko' | 'en';
export type DisplayLocale = 'ko-KR' | 'en-US';

export const defaultLocale: Locale = 'ko';

export function normalizeLocale(value: string | null | undefined): Locale | null {
  const v = (value ?? '').trim().toLowerCase();
  if (v.startsWith('ko')) return 'ko';
  if (v.startsWith('en')) return 'en';
  return null;
}

/** First ko or en entry of an Accept-Language header, by q-value order. */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale | null {
  if (!header) return null;
  const entries = header
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return { tag: tag ?? '', weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((e) => e.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const e of entries) {
    const locale = normalizeLocale(e.tag);
    if (locale) return locale;
  }
  return null;
}

export function resolveLocale(sources: {
  lang?: string | null;
  appLanguage?: string | null;
  acceptLanguage?: string | null;
}): Locale {
  return (
    normalizeLocale(sources.lang) ??
    normalizeLocale(sources.appLanguage) ??
    localeFromAcceptLanguage(sources.acceptLanguage) ??
    defaultLocale
  );
}

export function displayLocale(locale: Locale): DisplayLocale {
  return locale === 'en' ? 'en-US' : 'ko-KR';
}
