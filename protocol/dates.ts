/** Calendar checks the origin got from Python's strptime/fromisoformat; `Date.parse` alone
 * would roll 2026-02-30 over to March. */

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function validDate(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

const calendarDate = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;

/** `YYYY-MM-DD` (strptime `%Y-%m-%d` also takes 1-digit month/day) → zero-padded, else null. */
export function parseCalendarDate(input: string): string | null {
  const m = calendarDate.exec(input.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!validDate(y, mo, d)) return null;
  return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const isoInstant =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:(Z)|([+-])(\d{2}):?(\d{2}))$/i;

/** An ISO-8601 date-time **with** a UTC offset (Z or ±hh:mm) → epoch ms, else null. A local time
 * without an offset is refused: the origin stored it as server wall clock, so times shifted with the server's zone. */
export function parseIsoInstant(input: string): number | null {
  const m = isoInstant.exec(input.trim());
  if (!m) return null;
  const [y, mo, d, h, mi] = [1, 2, 3, 4, 5].map((i) => Number(m[i]));
  const s = Number(m[6] ?? 0);
  const ms = Number((m[7] ?? '0').padEnd(3, '0').slice(0, 3));
  if (!validDate(y, mo, d) || h > 23 || mi > 59 || s > 59) return null;
  let offsetMinutes = 0;
  if (!m[8]) {
    const [oh, om] = [Number(m[10]), Number(m[11])];
    if (oh > 23 || om > 59) return null;
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  return Date.UTC(y, mo - 1, d, h, mi, s, ms) - offsetMinutes * 60_000;
}
