import { describe, expect, it } from 'vitest';
import { adminErrors } from './admin.ts';
import { authErrors } from './auth.ts';
import { commonErrors } from './common.ts';
import type { ErrorSpec } from './define.ts';
import { filesErrors } from './files.ts';
import { errorCatalog, errorCodeSchema } from './index.ts';
import { messagesErrors } from './messages.ts';
import { metricsErrors } from './metrics.ts';
import { pinsErrors } from './pins.ts';
import { pollsErrors } from './polls.ts';
import { roomKeysErrors } from './room-keys.ts';
import { roomsErrors } from './rooms.ts';
import { searchErrors } from './search.ts';

const domains: Record<string, Record<string, ErrorSpec>> = {
  common: commonErrors,
  auth: authErrors,
  admin: adminErrors,
  rooms: roomsErrors,
  roomKeys: roomKeysErrors,
  messages: messagesErrors,
  files: filesErrors,
  pins: pinsErrors,
  polls: pollsErrors,
  search: searchErrors,
  metrics: metricsErrors,
};

describe('error catalog', () => {
  it('defines every code in exactly one domain (the spread in index.ts would overwrite silently)', () => {
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const [domain, errors] of Object.entries(domains)) {
      for (const code of Object.keys(errors)) {
        if (owner.has(code)) clashes.push(`${code}: ${owner.get(code)} and ${domain}`);
        owner.set(code, domain);
      }
    }
    expect(clashes).toEqual([]);
    expect(Object.keys(errorCatalog)).toHaveLength(owner.size);
  });

  it('gives every entry an UPPER_SNAKE code, ko and en texts and a 4xx/5xx status', () => {
    for (const [code, spec] of Object.entries(errorCatalog as Record<string, ErrorSpec>)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
      expect(spec.ko.trim(), code).not.toBe('');
      expect(spec.en.trim(), code).not.toBe('');
      expect(spec.status >= 400 && spec.status <= 599, code).toBe(true);
    }
  });

  it('keeps the origin error_code names and Korean texts of its 18-entry map', () => {
    const origin: Record<string, string> = {
      ROOM_ACCESS_DENIED: '대화방 접근 권한이 없습니다.',
      ROOM_NOT_FOUND: '대화방을 찾을 수 없습니다.',
      ROOM_ADMIN_REQUIRED: '관리자 권한이 필요합니다.',
      MESSAGE_SAVE_FAILED: '메시지 저장에 실패했습니다.',
      MESSAGE_SEND_FAILED: '메시지 전송에 실패했습니다.',
      MESSAGE_EDIT_FAILED: '메시지 수정에 실패했습니다.',
      MESSAGE_DELETE_FAILED: '메시지 삭제에 실패했습니다.',
      UPLOAD_TOKEN_REQUIRED: '업로드 토큰이 필요합니다.',
      UPLOAD_TOKEN_USED_OR_EXPIRED: '업로드 토큰이 이미 사용되었거나 만료되었습니다.',
      FILE_NOT_FOUND: '파일을 찾을 수 없습니다.',
    };
    for (const [code, ko] of Object.entries(origin)) {
      expect((errorCatalog as Record<string, ErrorSpec>)[code]?.ko, code).toBe(ko);
    }
  });

  it('keeps the origin wording where origin tests match substrings', () => {
    // test_client_cannot_send_system_message_type and cross-room reply_to look for "잘못된 요청".
    expect(errorCatalog.MESSAGE_TYPE_INVALID.ko).toContain('잘못된 요청');
    expect(errorCatalog.REPLY_TO_INVALID.ko).toContain('잘못된 요청');
    // Upload token tests look for "토큰", "만료" and "대화방".
    expect(errorCatalog.UPLOAD_TOKEN_EXPIRED.ko).toContain('만료');
    expect(errorCatalog.UPLOAD_TOKEN_ROOM_MISMATCH.ko).toContain('대화방');
  });

  it('accepts only known codes in the envelope enum', () => {
    expect(errorCodeSchema.safeParse('POLL_EXPIRED').success).toBe(true);
    expect(errorCodeSchema.safeParse('NO_SUCH_CODE').success).toBe(false);
  });
});
