import { describe, expect, it } from 'vitest';
import { parseCalendarDate, parseIsoInstant } from './dates.ts';
import { codePointLength, parseLooseInt } from './fields.ts';

describe('parseLooseInt (Python int() on JSON values)', () => {
  it('reads integers and decimal strings', () => {
    expect(parseLooseInt(7)).toBe(7);
    expect(parseLooseInt(' 7 ')).toBe(7);
    expect(parseLooseInt('-3')).toBe(-3);
  });

  it('refuses the rest', () => {
    for (const v of ['7.0', 'abc', '', 1.5, true, null, undefined, [], '99999999999999999999']) {
      expect(parseLooseInt(v), String(v)).toBeNull();
    }
  });
});

describe('codePointLength', () => {
  it('counts surrogate pairs once', () => {
    expect(codePointLength('한글')).toBe(2);
    expect(codePointLength('a😀b')).toBe(3);
    expect(codePointLength('\ud800')).toBe(1);
  });
});

describe('dates', () => {
  it('validates calendar dates and pads them', () => {
    expect(parseCalendarDate('2026-02-27')).toBe('2026-02-27');
    expect(parseCalendarDate('2026-2-7')).toBe('2026-02-07');
    expect(parseCalendarDate('2026-02-30')).toBeNull();
    expect(parseCalendarDate('2026/02/27')).toBeNull();
  });

  it('reads ISO-8601 instants only with an offset', () => {
    expect(parseIsoInstant('2026-03-01T09:00:00+09:00')).toBe(Date.UTC(2026, 2, 1, 0, 0, 0));
    expect(parseIsoInstant('2026-03-01T00:00Z')).toBe(Date.UTC(2026, 2, 1));
    expect(parseIsoInstant('2026-03-01T00:00:00.5-01:30')).toBe(Date.UTC(2026, 2, 1, 1, 30, 0, 500));
    expect(parseIsoInstant('2026-03-01T09:00:00')).toBeNull();
    expect(parseIsoInstant('2026-02-30T09:00:00Z')).toBeNull();
    expect(parseIsoInstant('2026-03-01T24:00:00Z')).toBeNull();
  });
});
