import { describe, expect, it } from 'vitest';
import { unreadCounter } from './unread.ts';

describe('unreadCounter', () => {
  it('counts members below the message, never the sender', () => {
    const unread = unreadCounter([
      { userId: 1, lastRead: 10 },
      { userId: 2, lastRead: 5 },
      { userId: 3, lastRead: 0 },
    ]);
    expect(unread(11, 1)).toBe(2); // 2 and 3; the sender (1) is not counted
    expect(unread(6, 3)).toBe(1); // only 2 (3 is the sender)
    expect(unread(5, null)).toBe(1); // 3 only: 2 has read 5
    expect(unread(1, 9)).toBe(1); // a sender who left is not in the list
  });
});
