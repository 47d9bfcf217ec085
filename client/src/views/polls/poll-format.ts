import { displayLocale, type Locale } from '../../../../protocol/locale.ts';
import type { Poll } from '../../../../protocol/rest/polls.ts';
import { t } from '../../i18n/index.ts';
import { parseTime } from '../time-format.ts';

/** Share of the voters who chose an option, rounded (a multiple-choice poll's shares can add up
 * to more than 100). */
export function percent(votes: number, voters: number): number {
  return voters > 0 ? Math.round((votes / voters) * 100) : 0;
}

export function sameSet(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/** "Ends Mar 5, 14:30" while open, "Ended …" once closed; null without a deadline. */
export function deadlineText(poll: Pick<Poll, 'ends_at' | 'closed'>, locale: Locale): string | null {
  if (!poll.ends_at) return null;
  const time = new Intl.DateTimeFormat(displayLocale(locale), { dateStyle: 'medium', timeStyle: 'short' }).format(parseTime(poll.ends_at));
  return t(poll.closed ? 'polls.ended' : 'polls.ends', { time });
}

/** The value of a datetime-local input (local wall clock) → UTC ISO-8601, or null. */
export function localInputToIso(value: string): string | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** A Date as a datetime-local value (local wall clock, minutes). */
export function isoToLocalInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
