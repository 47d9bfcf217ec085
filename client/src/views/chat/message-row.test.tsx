// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import type { MessageView } from '../../../../protocol/rest/messages.ts';
import type { SystemPayload } from '../../../../protocol/rest/system-payload.ts';
import { itemFromView } from '../../chat/item.ts';
import { locale } from '../../i18n/index.ts';
import type { RoomTimeline } from '../../stores.ts';
import { useDomRoot } from '../../testing/dom-root.ts';
import { MessageRow } from './message-row.tsx';

/** System notices in the chat: worded from their payload in the UI language, re-worded when the
 * language changes, and shown by their stored text without a payload or for an unknown kind. */

const root = useDomRoot();
afterEach(() => void (locale.value = 'ko'));

const kim = { id: 1, nickname: 'Kim' };
const lee = { id: 2, nickname: '이영희' };

function notice(content: string, system: SystemPayload | null): MessageView {
  return {
    id: 7, room_id: 3, sender_id: kim.id, content, encrypted: 0, message_type: 'system', file_path: null, file_name: null,
    client_msg_id: null, reply_to: null, created_at: '2026-03-01T00:00:00Z', edited_at: null, sender_name: 'Kim',
    sender_image: null, reply_content: null, reply_sender: null, unread_count: 0, system,
  };
}

function show(m: MessageView): HTMLElement {
  const item = itemFromView(m, m.content ?? '', null, 99);
  act(() => render(<MessageRow row={{ kind: 'message', key: item.key, item, first: true, showTime: true, time: '09:00' }} myId={99} timeline={{} as RoomTimeline} />, root()));
  return root().querySelector<HTMLElement>('[data-testid=message]')!;
}

describe('MessageRow: system notices', () => {
  it('words each kind in the UI language and follows a language switch', () => {
    const cases: Array<[SystemPayload, string, string]> = [
      [{ kind: 'invited', actor: kim, targets: [lee, { id: 3, nickname: 'Park' }] }, 'Kim님이 이영희, Park님을 초대했습니다.', 'Kim invited 이영희, Park.'],
      [{ kind: 'left', actor: lee, targets: [] }, '이영희님이 나갔습니다.', '이영희 left.'],
      [{ kind: 'kicked', actor: kim, targets: [lee] }, 'Kim님이 이영희님을 내보냈습니다.', 'Kim removed 이영희.'],
      [{ kind: 'renamed', actor: kim, targets: [], name: 'Ops' }, "Kim님이 대화방 이름을 'Ops'(으)로 변경했습니다.", 'Kim renamed the room to “Ops”.'],
    ];
    for (const [payload, ko, en] of cases) {
      locale.value = 'en';
      const row = show(notice(ko, payload));
      expect(row.classList.contains('system')).toBe(true);
      expect(row.dataset.systemKind).toBe(payload.kind);
      expect(row.textContent).toBe(en);
      act(() => void (locale.value = 'ko'));
      expect(row.textContent).toBe(ko); // the same words the server stored
      act(() => void (locale.value = 'en'));
      expect(row.textContent).toBe(en);
    }
  });

  it('shows the stored text of a notice without a payload, whatever the language', () => {
    locale.value = 'en';
    const row = show(notice('박님이 나갔습니다.', null));
    expect(row.textContent).toBe('박님이 나갔습니다.');
    expect(row.dataset.systemKind).toBeUndefined();
  });

  it('shows the stored text for a kind this build does not know (a newer server)', () => {
    locale.value = 'en';
    const future = { kind: 'pinned', actor: kim, targets: [] } as unknown as SystemPayload;
    expect(show(notice('Kim님이 공지사항을 업데이트했습니다.', future)).textContent).toBe('Kim님이 공지사항을 업데이트했습니다.');
  });
});
