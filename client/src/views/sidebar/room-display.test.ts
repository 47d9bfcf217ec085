import { afterEach, describe, expect, it } from 'vitest';
import type { RoomListItem } from '../../../../protocol/rest/rooms.ts';
import type { SystemPayload } from '../../../../protocol/rest/system-payload.ts';
import { locale } from '../../i18n/index.ts';
import { roomPreview } from './room-display.ts';

afterEach(() => void (locale.value = 'ko'));

/** A room whose last message is a system notice, as GET /api/rooms?lang=ko sends it. */
const room = (content: string, system: SystemPayload | null, preview = content): RoomListItem => ({
  id: 1, name: 'team', type: 'group', created_by: 1, created_at: '2026-03-01T00:00:00Z', last_read_message_id: 0, pinned: 0,
  muted: 0, member_count: 3, last_message: content, last_message_type: 'system', last_message_time: '2026-03-01T00:00:00Z',
  last_message_encrypted: 0, last_message_file_name: null, last_message_id: 9, last_message_ciphertext: null, unread_count: 0,
  last_message_preview: preview, last_message_system: system,
});

describe('roomPreview of a system message', () => {
  it('is worded from the payload in the UI language, cut like any preview', () => {
    const left = room('이영희님이 나갔습니다.', { kind: 'left', actor: { id: 2, nickname: '이영희' }, targets: [] });
    locale.value = 'en';
    expect(roomPreview(left)).toBe('이영희 left.');
    locale.value = 'ko';
    expect(roomPreview(left)).toBe('이영희님이 나갔습니다.');
    const renamed = room("Kim님이 대화방 이름을 'Ops'(으)로 변경했습니다.", { kind: 'renamed', actor: { id: 1, nickname: 'Kim' }, targets: [], name: 'Ops' }, "Kim님이 대화방 이름을 'Ops'(으)로 변경했...");
    locale.value = 'en';
    expect(roomPreview(renamed)).toBe('Kim renamed the room to “...');
  });

  it("shows the server's preview without a payload or for an unknown kind (never cut twice)", () => {
    locale.value = 'en';
    const long = '가'.repeat(30);
    const cut = `${'가'.repeat(25)}...`;
    expect(roomPreview(room(long, null, cut))).toBe(cut);
    const future = { kind: 'pinned', actor: { id: 1, nickname: 'Kim' }, targets: [] } as unknown as SystemPayload;
    expect(roomPreview(room(long, future, cut))).toBe(cut);
  });
});
