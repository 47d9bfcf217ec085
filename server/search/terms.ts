import { codePointLength } from '../../protocol/text-length.ts';

/** A query split for the index. The trigram index answers terms of three or more characters;
 * shorter ones (a 2-syllable Korean word such as 관리) are matched with LIKE on the rows the
 * index (or the caller's rooms) already narrowed to. User text never reaches FTS syntax raw:
 * each term becomes one quoted phrase, so quotes, `*`, `NEAR(`, AND/OR/NOT and parentheses are
 * only characters to find. */
export interface SearchTerms {
  /** An FTS5 MATCH expression (quoted phrases, ANDed), or null when no term is long enough. */
  match: string | null;
  /** LIKE patterns (`%` `_` `\` escaped with `\`) for the short terms. */
  likes: string[];
}

const MAX_TERMS = 16;

export function searchTerms(query: string): SearchTerms {
  // Control characters separate words: FTS5 cannot take a NUL inside a phrase.
  const words = query.replace(/\p{Cc}/gu, ' ').trim().split(/\s+/u);
  const terms = [...new Set(words.filter(Boolean))].slice(0, MAX_TERMS);
  const long = terms.filter((t) => codePointLength(t) >= 3);
  const short = terms.filter((t) => codePointLength(t) < 3);
  return {
    match: long.length > 0 ? long.map(phrase).join(' AND ') : null,
    likes: short.map((t) => `%${escapeLike(t)}%`),
  };
}

/** An FTS5 string: double quotes inside are doubled. */
function phrase(term: string): string {
  return `"${term.replaceAll('"', '""')}"`;
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

/** The first instant after a calendar day (UTC), so that date_to includes its whole day. */
export function dayAfter(day: string): string {
  const next = new Date(`${day}T00:00:00.000Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}
