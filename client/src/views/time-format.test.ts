import { describe, expect, it } from 'vitest';
import { timeAgo } from './time-format.ts';

describe('timeAgo', () => {
  const now = new Date('2026-03-20T12:00:00.000Z');
  const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();

  it('says nothing under a minute, or for an unreadable time', () => {
    expect(timeAgo(ago(59_000), 'en', now)).toBeNull();
    expect(timeAgo('not a time', 'en', now)).toBeNull();
  });

  it('counts minutes, hours and days in the UI language', () => {
    expect(timeAgo(ago(5 * 60_000), 'en', now)).toBe('5 minutes ago');
    expect(timeAgo(ago(5 * 60_000), 'ko', now)).toBe('5분 전');
    expect(timeAgo(ago(3 * 3_600_000 + 10), 'en', now)).toBe('3 hours ago');
    expect(timeAgo(ago(26 * 3_600_000), 'en', now)).toBe('yesterday');
    expect(timeAgo(ago(26 * 3_600_000), 'ko', now)).toBe('어제');
    expect(timeAgo(ago(3 * 86_400_000), 'en', now)).toBe('3 days ago');
  });

  it('gives the date beyond a week, with the year only when it is not this one', () => {
    expect(timeAgo('2026-03-05T12:00:00.000Z', 'en', now)).toBe('Mar 5');
    expect(timeAgo('2025-12-24T12:00:00.000Z', 'en', now)).toBe('Dec 24, 2025');
  });
});
