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

/** "Ends Mar 5, 14:30" while open, "Ended …" once the deadline closed it; null without a
 * deadline, or when it was closed by hand before its deadline came. */
export function deadlineText(poll: Pick<Poll, 'ends_at' | 'closed'>, locale: Locale, now = Date.now()): string | null {
  if (!poll.ends_at) return null;
  const at = parseTime(poll.ends_at);
  if (poll.closed && at.getTime() > now) return null;
  const time = new Intl.DateTimeFormat(displayLocale(locale), { dateStyle: 'medium', timeStyle: 'short' }).format(at);
  return t(poll.closed ? 'polls.ended' : 'polls.ends', { time });
}

/** "1 vote", "3 votes". */
export function votesText(n: number): string {
  return t(n === 1 ? 'polls.votes_one' : 'polls.votes', { n });
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
