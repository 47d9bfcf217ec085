import { describe, expect, it } from 'vitest';
import { previewText } from './preview.ts';
import { type SystemPayload, systemPayloadSchema } from './rest/system-payload.ts';
import { systemText } from './system-text.ts';
import { codeOf } from './test-helpers.ts';

const kim = { id: 1, nickname: '김철수' };
const lee = { id: 2, nickname: '이영희' };
const park = { id: 3, nickname: 'Park' };

const invited: SystemPayload = { kind: 'invited', actor: kim, targets: [lee, park] };
const left: SystemPayload = { kind: 'left', actor: lee, targets: [] };
const kicked: SystemPayload = { kind: 'kicked', actor: kim, targets: [park] };
const renamed: SystemPayload = { kind: 'renamed', actor: kim, targets: [], name: '주간 회의' };

describe('systemText', () => {
  it("words each kind in Korean exactly as the origin's stored text", () => {
    expect(systemText(invited, 'ko')).toBe('김철수님이 이영희, Park님을 초대했습니다.');
    expect(systemText(left, 'ko')).toBe('이영희님이 나갔습니다.');
    expect(systemText(kicked, 'ko')).toBe('김철수님이 Park님을 내보냈습니다.');
    expect(systemText(renamed, 'ko')).toBe("김철수님이 대화방 이름을 '주간 회의'(으)로 변경했습니다.");
  });

  it('words each kind in English', () => {
    expect(systemText(invited, 'en')).toBe('김철수 invited 이영희, Park.');
    expect(systemText(left, 'en')).toBe('이영희 left.');
    expect(systemText(kicked, 'en')).toBe('김철수 removed Park.');
    expect(systemText(renamed, 'en')).toBe('김철수 renamed the room to “주간 회의”.');
  });

  it('gives null (show the stored content) without a payload, for an unknown kind or a malformed one', () => {
    expect(systemText(null, 'en')).toBeNull();
    expect(systemText(undefined, 'en')).toBeNull();
    const future = { kind: 'pinned', actor: kim, targets: [] } as unknown as SystemPayload;
    expect(systemText(future, 'en')).toBeNull();
    const noName = { kind: 'renamed', actor: kim, targets: [] } as unknown as SystemPayload;
    expect(systemText(noName, 'en')).toBeNull();
    const badTarget = { kind: 'kicked', actor: kim, targets: [{ id: 3 }] } as unknown as SystemPayload;
    expect(systemText(badTarget, 'en')).toBeNull();
    expect(systemText({ kind: 'left' } as unknown as SystemPayload, 'en')).toBeNull();
  });

  it('does not expand placeholders inside nicknames or names', () => {
    const sneaky: SystemPayload = { kind: 'renamed', actor: { id: 9, nickname: '{name}' }, targets: [], name: '{actor}' };
    expect(systemText(sneaky, 'en')).toBe('{name} renamed the room to “{actor}”.');
  });

  it('drives the room list preview in the reader’s language, cut at 25 code points', () => {
    const msg = { message_type: 'system', content: '이영희님이 나갔습니다.', encrypted: 0, file_name: null, system: left };
    expect(previewText(msg, 'en')).toBe('이영희 left.');
    expect(previewText(msg, 'ko')).toBe('이영희님이 나갔습니다.');
    expect(previewText({ ...msg, system: renamed }, 'en')).toBe('김철수 renamed the room to “...');
    // An older row: its stored text.
    expect(previewText({ ...msg, system: null }, 'en')).toBe('이영희님이 나갔습니다.');
  });
});

describe('systemPayloadSchema', () => {
  it('accepts each kind with the people it names', () => {
    for (const p of [invited, left, kicked, renamed]) expect(codeOf(systemPayloadSchema, p)).toBe('OK');
  });

  it('refuses unknown kinds and shapes that do not fit the kind', () => {
    expect(codeOf(systemPayloadSchema, { kind: 'pinned', actor: kim, targets: [] })).not.toBe('OK');
    expect(codeOf(systemPayloadSchema, { ...invited, targets: [] })).not.toBe('OK');
    expect(codeOf(systemPayloadSchema, { ...kicked, targets: [lee, park] })).not.toBe('OK');
    expect(codeOf(systemPayloadSchema, { kind: 'renamed', actor: kim, targets: [] })).not.toBe('OK');
    expect(codeOf(systemPayloadSchema, { ...left, actor: { id: 0, nickname: 'x' } })).not.toBe('OK');
    expect(codeOf(systemPayloadSchema, { ...left, actor: { id: 2 } })).not.toBe('OK');
  });
});
