// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { cutPreview } from '../../../protocol/preview.ts';
import type { RoomListItem } from '../../../protocol/rest/rooms.ts';
import { locale, t } from '../i18n/index.ts';
import { compareRooms, listSignature } from './order.ts';
import { previewOf } from './preview.ts';

const msg = (over: Partial<Parameters<typeof previewOf>[0] & object> = {}) => ({
  message_type: 'text' as const,
  content: 'hello',
  encrypted: 0 as const,
  file_name: null,
  ...over,
});

describe('previewOf', () => {
  it('follows the server rules in the UI language', () => {
    expect(previewOf(null)).toBe('새 대화');
    expect(previewOf(msg({ message_type: 'image', content: 'a.png' }))).toBe('[사진]');
    expect(previewOf(msg({ message_type: 'file', content: 'a.pdf', file_name: 'a.pdf' }))).toBe('a.pdf');
    expect(previewOf(msg({ message_type: 'file', content: null, file_name: null }))).toBe('[파일]');
    expect(previewOf(msg({ encrypted: 1, content: 'v2:x' }))).toBe('[암호화된 메시지]');
    expect(previewOf(msg({ message_type: 'system', content: '누군가 나갔습니다.' }))).toBe('누군가 나갔습니다.');
    locale.value = 'en';
    expect(previewOf(msg({ encrypted: 1, content: 'v2:x' }))).toBe(t('preview.encrypted'));
    expect(t('preview.encrypted')).toBe('[Encrypted message]');
    locale.value = 'ko';
  });

  it('shows the decrypted text of an encrypted message, cut at 25 code points', () => {
    expect(previewOf(msg({ encrypted: 1, content: 'v2:x' }), '비밀')).toBe('비밀');
    const emoji = '😀'.repeat(30);
    expect(cutPreview(emoji)).toBe(`${'😀'.repeat(25)}...`);
    expect(cutPreview('a'.repeat(25))).toBe('a'.repeat(25));
    expect(previewOf(msg({ content: 'b'.repeat(26) }))).toBe(`${'b'.repeat(25)}...`);
  });

  it('shows the text without Markdown markers, dropped before the cut', () => {
    expect(previewOf(msg({ content: '**urgent**: see [the plan](https://example.com/plan)' }))).toBe('urgent: see the plan');
    expect(previewOf(msg({ encrypted: 1, content: 'v2:x' }), '`deploy` **now**')).toBe('deploy now');
    expect(previewOf(msg({ content: `**${'c'.repeat(30)}**` }))).toBe(`${'c'.repeat(25)}...`);
    expect(previewOf(msg({ message_type: 'system', content: '**x** left' }))).toBe('**x** left');
  });
});

const room = (id: number, over: Partial<RoomListItem> = {}): RoomListItem => ({
  id,
  name: `r${id}`,
  type: 'group',
  created_by: 1,
  created_at: '2026-11-26T00:00:00Z',
  last_read_message_id: 0,
  pinned: 0,
  muted: 0,
  member_count: 3,
  last_message: null,
  last_message_type: null,
  last_message_time: null,
  last_message_encrypted: null,
  last_message_file_name: null,
  last_message_id: null,
  last_message_ciphertext: null,
  unread_count: 0,
  last_message_preview: '새 대화',
  last_message_system: null,
  ...over,
});

describe('room order and signature', () => {
  it('sorts pinned first, then newest message, empty rooms last, ties by id', () => {
    const rooms = [
      room(1),
      room(2, { last_message_time: '2026-11-26T01:00:00Z' }),
      room(3, { last_message_time: '2026-11-26T02:00:00.5Z' }),
      room(4, { pinned: 1 }),
      room(5),
    ];
    expect(rooms.sort(compareRooms).map((r) => r.id)).toEqual([4, 3, 2, 5, 1]);
  });

  it('changes only with what the list shows', () => {
    const base = [room(1), room(2)];
    expect(listSignature(base)).toBe(listSignature([room(1), room(2, { created_at: '2027-01-01T00:00:00Z' })]));
    for (const change of [{ name: 'x' }, { unread_count: 1 }, { muted: 1 as const }, { last_message_preview: 'hi' }, { member_count: 4 }]) {
      expect(listSignature([room(1), room(2, change)])).not.toBe(listSignature(base));
    }
  });
});
