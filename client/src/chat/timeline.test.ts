// @vitest-environment happy-dom
import { signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import type { RoomMember } from '../../../protocol/rest/members.ts';
import type { ChatItem, OutgoingItem } from '../stores.ts';
import { outgoingChatItem } from './item.ts';
import { Timeline } from './timeline.ts';

const ME = { id: 1, nickname: '나', profile_image: null };

const member = (id: number, nickname: string, lastRead: number): RoomMember => ({
  id,
  nickname,
  username: nickname,
  profile_image: null,
  status: 'online',
  status_message: null,
  last_seen_at: null,
  role: 'member',
  last_read_message_id: lastRead,
  pinned: 0,
  muted: 0,
});

function sent(id: number, over: Partial<ChatItem> = {}): ChatItem {
  return { ...outgoingChatItem(bubble(`x${id}`), null, undefined, 0), key: `m:${id}`, id, clientMsgId: null, text: `m${id}`, senderId: 2, mine: false, state: 'sent', ...over };
}
/** My message as the server echoes it (itemFromView keeps the key of its local echo). */
const echo = (id: number, cmid: string) => sent(id, { clientMsgId: cmid, senderId: 1, mine: true, key: `c:${cmid}`, text: 'hi' });
function bubble(cmid: string, over: Partial<OutgoingItem> = {}): OutgoingItem {
  return { clientMsgId: cmid, roomId: 9, text: 'hi', replyTo: null, createdAt: 't', state: 'pending', id: null, ...over };
}
/** A timeline of room 9 and the sender's outgoing items it reads. */
function room() {
  const outgoing = signal<OutgoingItem[]>([]);
  return { tl: new Timeline(9, outgoing, () => ME), outgoing };
}

describe('Timeline', () => {
  it('keeps ids in order whatever the arrival order, pending bubbles last, no duplicates', () => {
    const { tl, outgoing } = room();
    outgoing.value = [bubble('a'), bubble('elsewhere', { roomId: 8 })];
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
    const echoFirst = room();
    echoFirst.outgoing.value = [bubble('a')];
    echoFirst.tl.merge([echo(10, 'a')], true);
    echoFirst.outgoing.value = [bubble('a', { state: 'sent', id: 10 })];
    const ackFirst = room();
    ackFirst.outgoing.value = [bubble('a')];
    ackFirst.outgoing.value = [bubble('a', { state: 'sent', id: 10 })];
    expect(ackFirst.tl.items.value[0]).toMatchObject({ key: 'c:a', id: 10, state: 'sent' });
    ackFirst.tl.merge([echo(10, 'a')], true);
    for (const { tl } of [echoFirst, ackFirst]) {
      expect(tl.items.value).toHaveLength(1);
      expect(tl.items.value[0]).toMatchObject({ key: 'c:a', id: 10, state: 'sent', text: 'hi' });
    }
    // Someone else's message with the same client_msg_id is not mine to swap.
    const other = room();
    other.outgoing.value = [bubble('a')];
    other.tl.merge([sent(11, { clientMsgId: 'a' })]);
    expect(other.tl.items.value.map((i) => i.key)).toEqual(['m:11', 'c:a']);
  });

  it('shows an ACKed message the room does not hold yet in id order, with its unread count', () => {
    const { tl, outgoing } = room();
    tl.merge([sent(1), sent(3)]);
    tl.setMembers([
      member(1, 'a', 3),
      member(2, 'b', 1),
    ]);
    outgoing.value = [bubble('a', { state: 'sent', id: 2 }), bubble('b')];
    expect(tl.items.value.map((i) => [i.key, i.unreadCount])).toEqual([['m:1', 0], ['c:a', 1], ['m:3', 0], ['c:b', 0]]);
    tl.applyRead(2, 3);
    expect(tl.items.value.map((i) => i.unreadCount)).toEqual([0, 0, 0, 0]);
  });

  it('recomputes unread counts from read pointers, touching only the messages between them', () => {
    const { tl } = room();
    tl.merge([sent(1, { senderId: 1 }), sent(2, { senderId: 2 }), sent(3, { senderId: 1 })]);
    tl.setMembers([
      member(1, 'a', 3),
      member(2, 'b', 0),
      member(3, 'c', 1),
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
