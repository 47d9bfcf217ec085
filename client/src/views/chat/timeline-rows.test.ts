import { describe, expect, it } from 'vitest';
import type { ChatItem } from '../../stores.ts';
import { buildRows } from './timeline-rows.ts';

let n = 0;
function item(over: Partial<ChatItem>): ChatItem {
  n++;
  return {
    key: `m:${n}`, id: n, clientMsgId: null, roomId: 1, senderId: 2, senderName: 'Kim', senderImage: null, text: 'hi',
    type: 'text', file: null, createdAt: '2025-03-05T01:00:00Z', editedAt: null, deleted: false, replyTo: null,
    replyPreview: null, reactions: [], unreadCount: 0, state: 'sent', mine: false, ...over,
  };
}
const local = (y: number, mo: number, d: number, h: number, mi: number) => new Date(y, mo - 1, d, h, mi).toISOString();

describe('buildRows', () => {
  it('puts a separator before each day and groups one sender within 5 minutes', () => {
    const rows = buildRows(
      [
        item({ createdAt: local(2025, 3, 5, 9, 0) }),
        item({ createdAt: local(2025, 3, 5, 9, 0) }),
        item({ createdAt: local(2025, 3, 5, 9, 4) }),
        item({ createdAt: local(2025, 3, 5, 9, 10) }),
        item({ createdAt: local(2025, 3, 5, 9, 11), senderId: 3, senderName: 'Lee' }),
        item({ createdAt: local(2025, 3, 5, 9, 12), mine: true, senderId: 1 }),
        item({ createdAt: local(2025, 3, 6, 8, 0), mine: true, senderId: 1 }),
      ],
      'en',
    );
    expect(rows.map((r) => r.kind)).toEqual(['day', 'message', 'message', 'message', 'message', 'message', 'message', 'day', 'message']);
    const messages = rows.filter((r) => r.kind === 'message');
    expect(messages.map((r) => r.first)).toEqual([true, false, false, true, true, true, true]);
    // 9:00 twice: the time is shown under the second only.
    expect(messages.map((r) => r.showTime)).toEqual([false, true, true, true, true, true, true]);
    expect(rows[0]).toMatchObject({ kind: 'day', label: expect.stringContaining('2025') });
  });

  it('never groups system messages and keeps the items keys', () => {
    const a = item({ type: 'system', senderId: null });
    const b = item({ type: 'system', senderId: null });
    const rows = buildRows([a, b], 'ko');
    expect(rows.filter((r) => r.kind === 'message').map((r) => [r.key, r.first])).toEqual([
      [a.key, true],
      [b.key, true],
    ]);
  });
});
