import { describe, expect, it } from 'vitest';
import { LatestPageCache } from './page-cache.ts';
import type { PageRow } from './repo.ts';

const rows = (n: number): PageRow[] => Array.from({ length: n }, (_, i) => ({ id: i + 1, sender_id: 1, reactions: [] }));

describe('LatestPageCache', () => {
  it('answers only for the version it was filled at, and the body only for the same read pointers', () => {
    const c = new LatestPageCache(1000);
    c.setRows('r', '1:0', rows(2), 10);
    expect(c.rows('r', '1:0')).toHaveLength(2);
    c.setBody('r', '1:0', '5:3', '{"messages":[]}');
    expect(c.body('r', '1:0', '5:3')).toBe('{"messages":[]}');
    expect(c.body('r', '1:0', '5:4')).toBeNull();
    expect(c.rows('r', '2:0')).toBeNull();
    expect(c.rows('r', '1:0')).toBeNull(); // a newer version dropped the entry
  });

  it('keeps at most maxChars, dropping the least recently used room first', () => {
    const c = new LatestPageCache(100);
    c.setRows('a', 'v', rows(1), 20);
    c.setRows('b', 'v', rows(1), 20);
    c.rows('a', 'v'); // a is now the most recent
    c.setBody('a', 'v', 'x', 'y'.repeat(20));
    c.setRows('c', 'v', rows(1), 20);
    c.setRows('d', 'v', rows(1), 21); // 101 > 100: one room must go
    expect(c.rows('b', 'v')).toBeNull();
    expect(c.rows('a', 'v')).not.toBeNull();
    expect(c.rows('d', 'v')).not.toBeNull();
  });

  it('does not hold a page bigger than a quarter of the budget', () => {
    const c = new LatestPageCache(100);
    c.setRows('big', 'v', rows(1), 26);
    expect(c.rows('big', 'v')).toBeNull();
  });
});
