import { signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import type { NewMessageEvent } from '../../protocol/events.ts';
import type { RoomListItem } from '../../protocol/rest/rooms.ts';
import { type NotifyContext, mentionsMe, notifyIncoming, shouldNotify } from './notifications.ts';

const me = { id: 1, username: 'alice', nickname: '앨리스' };
const msg = (over: Partial<NewMessageEvent> = {}): NewMessageEvent => ({
  id: 10,
  room_id: 5,
  sender_id: 2,
  content: 'hello',
  encrypted: 0,
  message_type: 'text',
  file_path: null,
  file_name: null,
  client_msg_id: null,
  reply_to: null,
  created_at: '2026-12-01T00:00:00Z',
  edited_at: null,
  sender_name: '밥',
  sender_image: null,
  reply_content: null,
  reply_sender: null,
  unread_count: 1,
  system: null,
  ...over,
});
const ctx = (over: Partial<NotifyContext> = {}): NotifyContext => ({ me, room: { muted: 0 }, openRoomId: null, focused: true, ...over });

describe('shouldNotify', () => {
  it('notifies for a room that is not open, focused or not', () => {
    expect(shouldNotify(msg(), 'hello', ctx({ openRoomId: 7 }))).toBe(true);
    expect(shouldNotify(msg(), 'hello', ctx({ openRoomId: null, focused: false }))).toBe(true);
  });

  it('notifies for the open room only when the window is not focused', () => {
    expect(shouldNotify(msg(), 'hello', ctx({ openRoomId: 5, focused: true }))).toBe(false);
    expect(shouldNotify(msg(), 'hello', ctx({ openRoomId: 5, focused: false }))).toBe(true);
  });

  it('never for my own messages or system messages', () => {
    expect(shouldNotify(msg({ sender_id: 1 }), 'hello', ctx({ focused: false }))).toBe(false);
    expect(shouldNotify(msg({ message_type: 'system', sender_id: null }), '밥님이 나갔습니다.', ctx({ focused: false }))).toBe(false);
  });

  it('never for a muted room, unless the message mentions me', () => {
    const muted = ctx({ room: { muted: 1 }, focused: false });
    const sealed = msg({ encrypted: 1, content: 'v2:cipher' });
    expect(shouldNotify(msg(), null, muted)).toBe(false);
    expect(shouldNotify(sealed, 'hello', muted)).toBe(false);
    expect(shouldNotify(sealed, 'lunch? @앨리스', muted)).toBe(true);
    expect(shouldNotify(sealed, '@ALICE look', muted)).toBe(true);
    expect(shouldNotify(sealed, null, muted)).toBe(false); // undecryptable: no mention to find
    // A structured mention (user ids in clear) needs no text at all, even undecryptable.
    expect(shouldNotify({ ...sealed, mentions: [1] }, null, muted)).toBe(true);
    expect(shouldNotify({ ...sealed, mentions: [3] }, null, muted)).toBe(false);
    expect(shouldNotify(msg({ content: 'plain @alice' }), null, muted)).toBe(true);
    expect(shouldNotify(msg({ message_type: 'file', content: '@alice.txt', file_name: '@alice.txt' }), null, muted)).toBe(false);
    // A mention in a muted room I am looking at: nothing to tell.
    expect(shouldNotify(msg({ content: '@alice' }), null, ctx({ room: { muted: 1 }, openRoomId: 5 }))).toBe(false);
    // A mention of me in my own message is still mine.
    expect(shouldNotify(msg({ sender_id: 1, content: '@alice' }), null, muted)).toBe(false);
  });
});

describe('mentionsMe', () => {
  it('finds @nickname or @username as a word, in any case', () => {
    expect(mentionsMe('@alice', me)).toBe(true);
    expect(mentionsMe('hi @Alice, see this', me)).toBe(true);
    expect(mentionsMe('(@앨리스)', me)).toBe(true);
    expect(mentionsMe('@alicex', me)).toBe(false);
    expect(mentionsMe('@앨리스님', me)).toBe(false);
    expect(mentionsMe('mail bob@alice.com', me)).toBe(false);
    expect(mentionsMe('alice', me)).toBe(false);
    expect(mentionsMe('@a.b', { id: 1, username: 'axb', nickname: 'a.b' })).toBe(true);
    expect(mentionsMe('@axb', { id: 1, username: 'zz', nickname: 'a.b' })).toBe(false);
  });
});

describe('notifyIncoming', () => {
  function setUp(room: Partial<RoomListItem> | undefined, focused = false) {
    const shown: Array<{ title: string; body: string }> = [];
    const platform = { notify: (title: string, body: string) => void shown.push({ title, body }), isFocused: () => focused };
    const rooms = { byId: () => room as RoomListItem | undefined, current: signal<number | null>(null) };
    return { shown, platform, rooms };
  }

  it('shows the sender (and group) with the decrypted preview', () => {
    const { shown, platform, rooms } = setUp({ id: 5, type: 'group', name: 'team', muted: 0 });
    notifyIncoming(platform, rooms, me, msg({ encrypted: 1, content: 'v2:cipher' }), 'the plain text');
    expect(shown).toEqual([{ title: '밥 · team', body: 'the plain text' }]);
  });

  it('shows the placeholder when the text could not be decrypted', () => {
    const { shown, platform, rooms } = setUp({ id: 5, type: 'direct', name: '밥', muted: 0 });
    notifyIncoming(platform, rooms, me, msg({ encrypted: 1, content: 'v2:cipher' }), null);
    expect(shown).toEqual([{ title: '밥', body: '[암호화된 메시지]' }]);
  });

  it('asks the platform whether the window is focused, and the store which room is open', () => {
    const { shown, platform, rooms } = setUp({ id: 5, type: 'direct', name: '밥', muted: 0 }, true);
    rooms.current.value = 5;
    notifyIncoming(platform, rooms, me, msg(), 'hello');
    expect(shown).toEqual([]);
    rooms.current.value = 6;
    notifyIncoming(platform, rooms, me, msg(), 'hello');
    expect(shown).toHaveLength(1);
  });
});
