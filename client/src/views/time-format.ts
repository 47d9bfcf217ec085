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
