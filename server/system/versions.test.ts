import { describe, expect, it } from 'vitest';
import { compareVersions, parseVersion } from './versions.ts';

describe('version rule (origin)', () => {
  it('parses three integers, zeroing non-numeric parts and ignoring tags', () => {
    expect(parseVersion('1.2.3')).toEqual([1, 2, 3]);
    expect(parseVersion('2')).toEqual([2, 0, 0]);
    expect(parseVersion('1.x.3')).toEqual([1, 0, 3]);
    expect(parseVersion('1.4.0-beta.2')).toEqual([1, 4, 0]);
    expect(parseVersion('')).toEqual([0, 0, 0]);
  });
  it('compares numerically, not as strings', () => {
    expect(compareVersions('1.9.0', '1.10.0')).toBe(-1);
    expect(compareVersions('1.10.0', '1.9.9')).toBe(1);
    expect(compareVersions('1.0', '1.0.0')).toBe(0);
  });
});
