import { describe, expect, it } from 'vitest';
import { locale } from '../../i18n/index.ts';
import { deadlineText, isoToLocalInput, localInputToIso, percent, sameSet, votesText } from './poll-format.ts';

describe('poll formatting', () => {
  it('shares are of the voters, rounded, 0 without voters', () => {
    expect(percent(1, 3)).toBe(33);
    expect(percent(2, 3)).toBe(67);
    expect(percent(0, 0)).toBe(0);
  });

  it('compares choices as sets', () => {
    expect(sameSet([1, 2], [2, 1])).toBe(true);
    expect(sameSet([1], [1, 2])).toBe(false);
  });

  it('words the deadline by state, and none for a poll closed by hand before it', () => {
    locale.value = 'en';
    const now = Date.parse('2026-03-01T00:00:00Z');
    const future = '2026-03-02T00:00:00Z';
    const past = '2026-02-28T00:00:00Z';
    expect(deadlineText({ ends_at: future, closed: 0 }, 'en', now)).toMatch(/^Ends /);
    expect(deadlineText({ ends_at: past, closed: 1 }, 'en', now)).toMatch(/^Ended /);
    expect(deadlineText({ ends_at: future, closed: 1 }, 'en', now)).toBeNull();
    expect(deadlineText({ ends_at: null, closed: 0 }, 'en', now)).toBeNull();
    expect([votesText(1), votesText(2)]).toEqual(['1 vote', '2 votes']);
  });

  it('turns a local datetime-local value into the same instant in UTC, and back', () => {
    const d = new Date(2026, 2, 5, 14, 30);
    expect(isoToLocalInput(d)).toBe('2026-03-05T14:30');
    expect(localInputToIso('2026-03-05T14:30')).toBe(d.toISOString());
    expect(localInputToIso('')).toBeNull();
  });
});
