// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { ChatItem } from '../stores.ts';
import { pendingItem } from './item.ts';
import { Timeline } from './timeline.ts';

const ME = { id: 1, nickname: '나', profile_image: null };

function sent(id: number, over: Partial<ChatItem> = {}): ChatItem {
  return { ...pendingItem({ clientMsgId: `x${id}`, roomId: 9, text: `m${id}`, replyTo: null, replyPreview: null, createdAt: '', state: 'pending', me: null }), key: `m:${id}`, id, clientMsgId: null, senderId: 2, mine: false, state: 'sent', ...over };
}
const bubble = (cmid: string) => pendingItem({ clientMsgId: cmid, roomId: 9, text: 'hi', replyTo: null, replyPreview: null, createdAt: 't', state: 'pending', me: ME });

describe('Timeline', () => {
  it('keeps ids in order whatever the arrival order, pending bubbles last, no duplicates', () => {
    const tl = new Timeline(9);
    tl.setPending(bubble('a'));
    tl.merge([sent(5), sent(7)]);
    tl.merge([sent(2), sent(3)]);
    tl.merge([sent(6), sent(7, { text: 'stale' })]);
    expect(tl.items.value.map((i) => i.key)).toEqual(['m:2', 'm:3', 'm:5', 'm:6', 'm:7', 'c:a']);
    expect(tl.get(7)!.text).toBe('m7'); // a page never overwrites what is known
    tl.merge([sent(7, { text: 'live' })], true);
    expect(tl.get(7)!.text).toBe('live');
    expect([tl.oldestId(), tl.newestId()]).toEqual([2, 7]);
  });

  it('turns a bubble into one sent item, echo first or ACK first, keeping its key', () => {
    const echoFirst = new Timeline(9);
    echoFirst.setPending(bubble('a'));
    echoFirst.merge([sent(10, { clientMsgId: 'a', senderId: 1, mine: true, key: 'm:10', text: 'hi' })], true);
    echoFirst.confirm('a', 10);
    const ackFirst = new Timeline(9);
    ackFirst.setPending(bubble('a'));
    ackFirst.confirm('a', 10);
    expect(ackFirst.items.value[0]).toMatchObject({ key: 'c:a', id: 10, state: 'sent' });
    ackFirst.merge([sent(10, { clientMsgId: 'a', senderId: 1, mine: true, key: 'm:10', text: 'hi' })], true);
    for (const tl of [echoFirst, ackFirst]) {
      expect(tl.items.value).toHaveLength(1);
      expect(tl.items.value[0]).toMatchObject({ key: 'c:a', id: 10, state: 'sent', text: 'hi' });
    }
    // Someone else's message with the same client_msg_id is not mine to swap.
    const other = new Timeline(9);
    other.setPending(bubble('a'));
    other.merge([sent(11, { clientMsgId: 'a' })]);
    expect(other.items.value.map((i) => i.key)).toEqual(['m:11', 'c:a']);
  });

  it('recomputes unread counts from read pointers, touching only the messages between them', () => {
    const tl = new Timeline(9);
    tl.merge([sent(1, { senderId: 1 }), sent(2, { senderId: 2 }), sent(3, { senderId: 1 })]);
    tl.setMembers([
      { id: 1, nickname: 'a', profile_image: null, status: 'online', last_read_message_id: 3, pinned: 0, muted: 0 },
      { id: 2, nickname: 'b', profile_image: null, status: 'online', last_read_message_id: 0, pinned: 0, muted: 0 },
      { id: 3, nickname: 'c', profile_image: null, status: 'online', last_read_message_id: 1, pinned: 0, muted: 0 },
    ]);
    expect(tl.items.value.map((i) => i.unreadCount)).toEqual([1, 1, 2]);
    const [first] = tl.items.value;
    tl.applyRead(2, 2);
    expect(tl.items.value.map((i) => i.unreadCount)).toEqual([0, 1, 2]);
    tl.applyRead(3, 3);
    expect(tl.items.value.map((i) => i.unreadCount)).toEqual([0, 0, 1]);
    tl.applyRead(3, 2); // pointers never go back
    expect(tl.items.value.map((i) => i.unreadCount)).toEqual([0, 0, 1]);
    expect(first).not.toBe(tl.items.value[0]);
  });
});
