import type { Context } from 'hono';
import { type Locale, resolveLocale } from '../../protocol/locale.ts';

export function requestLocale(c: Context): Locale {
  return resolveLocale({
    lang: c.req.query('lang'),
    appLanguage: c.req.header('x-app-language'),
    acceptLanguage: c.req.header('accept-language'),
  });
}
