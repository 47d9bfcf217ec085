import { displayLocale, type Locale } from '../../../protocol/locale.ts';

/** Dates as the views show them, in the UI language. Server timestamps are UTC ISO-8601; one
 * without an offset is read as UTC too (the origin's bug was reading UTC as local time). */
export function parseTime(iso: string): Date {
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso.replace(' ', 'T')}Z`);
}

const pad = (n: number) => String(n).padStart(2, '0');

export function clockTime(date: Date): string {
  return `${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/** Room list: today → HH:mm, this year → month/day in the locale's order, else YYYY-MM-DD. */
export function roomListTime(iso: string | null, locale: Locale, now = new Date()): string {
  if (!iso) return '';
  const d = parseTime(iso);
  if (Number.isNaN(d.getTime())) return '';
  if (sameDay(d, now)) return clockTime(d);
  if (d.getFullYear() === now.getFullYear()) {
    return new Intl.DateTimeFormat(displayLocale(locale), { month: 'numeric', day: 'numeric' }).format(d);
  }
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Local calendar day, as a stable key for day separators. */
export function dayKey(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** A day separator: "2025년 3월 5일 수요일" / "Wednesday, March 5, 2025". */
export function dayLabel(date: Date, locale: Locale): string {
  return new Intl.DateTimeFormat(displayLocale(locale), { dateStyle: 'full' }).format(date);
}

/** A date with its time, for lists of things kept (files): "2026. 3. 5. 오후 2:05" / "Mar 5, 2026, 2:05 PM". */
export function dateTime(iso: string, locale: Locale): string {
  const d = parseTime(iso);
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat(displayLocale(locale), { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How long ago, for "Last seen …": "5 minutes ago" / "5분 전", "yesterday" / "어제" up to a week,
 * then the date ("Mar 5" / "3월 5일", with the year when it is not this one). Null under a minute
 * (the caller says "just now") and for a time that cannot be read. */
export function timeAgo(iso: string, locale: Locale, now = new Date()): string | null {
  const d = parseTime(iso);
  const ms = now.getTime() - d.getTime();
  if (Number.isNaN(ms) || ms < MINUTE) return null;
  const rtf = new Intl.RelativeTimeFormat(displayLocale(locale), { numeric: 'auto' });
  if (ms < HOUR) return rtf.format(-Math.floor(ms / MINUTE), 'minute');
  if (ms < DAY) return rtf.format(-Math.floor(ms / HOUR), 'hour');
  if (ms < 7 * DAY) return rtf.format(-Math.floor(ms / DAY), 'day');
  const year = d.getFullYear() === now.getFullYear() ? undefined : 'numeric';
  return new Intl.DateTimeFormat(displayLocale(locale), { year, month: 'short', day: 'numeric' }).format(d);
}
