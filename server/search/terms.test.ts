import { describe, expect, it } from 'vitest';
import { dayAfter, escapeLike, searchTerms } from './terms.ts';

describe('searchTerms', () => {
  it('quotes every long term as a phrase and ANDs them; short terms become LIKE patterns', () => {
    expect(searchTerms('  보고서  관리 hello ')).toEqual({ match: '"보고서" AND "hello"', likes: ['%관리%'] });
  });
  it('keeps FTS syntax as text', () => {
    expect(searchTerms('a"b NEAR(x OR *')).toEqual({ match: '"a""b" AND "NEAR(x"', likes: ['%OR%', '%*%'] });
    expect(searchTerms('\u0000budget\u0007x')).toEqual({ match: '"budget"', likes: ['%x%'] });
    expect(searchTerms('50% a_b')).toEqual({ match: '"50%" AND "a_b"', likes: [] });
  });
  it('escapes LIKE wildcards', () => {
    expect(escapeLike('%_\\x')).toBe('\\%\\_\\\\x');
  });
  it('gives the day after, across month and year ends', () => {
    expect(dayAfter('2026-02-28')).toBe('2026-03-01');
    expect(dayAfter('2024-02-28')).toBe('2024-02-29');
    expect(dayAfter('2026-12-31')).toBe('2027-01-01');
  });
});
