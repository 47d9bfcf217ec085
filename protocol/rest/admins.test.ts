import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { parseWith } from '../validate.ts';
import { roomAdminCheckResponseSchema, roomAdminUpdateRequestSchema } from './admins.ts';
import { codeOf } from '../test-helpers.ts';


describe('POST /api/rooms/:id/admins', () => {
  it('defaults is_admin to true', () => {
    expect(parseWith(roomAdminUpdateRequestSchema, { user_id: 3 })).toEqual({ ok: true, data: { user_id: 3, is_admin: true } });
    expect(parseWith(roomAdminUpdateRequestSchema, { user_id: 3, is_admin: false })).toEqual({
      ok: true,
      data: { user_id: 3, is_admin: false },
    });
  });

  it('needs a user (origin "사용자를 선택해주세요." for absent, null, 0 or "")', () => {
    for (const body of [{}, { user_id: null }, { user_id: 0 }, { user_id: '' }]) {
      expect(codeOf(roomAdminUpdateRequestSchema, body)).toBe('ROOM_ADMIN_USER_REQUIRED');
    }
  });

  it('refuses other non-ids', () => {
    for (const user_id of [-1, 2.5, '3', true]) {
      expect(codeOf(roomAdminUpdateRequestSchema, { user_id }), String(user_id)).toBe('ROOM_ADMIN_USER_ID_INVALID');
    }
  });

  it('takes is_admin as a strict boolean (origin test_admin_update_requires_boolean_is_admin)', () => {
    for (const is_admin of ['false', 'true', 0, 1, null]) {
      expect(codeOf(roomAdminUpdateRequestSchema, { user_id: 3, is_admin }), String(is_admin)).toBe('ROOM_ADMIN_FLAG_NOT_BOOLEAN');
    }
  });

  it('answers admin-check with a boolean', () => {
    expect(codeOf(roomAdminCheckResponseSchema, { is_admin: true })).toBe('OK');
    expect(codeOf(roomAdminCheckResponseSchema, { is_admin: 1 })).toBe('REQUEST_INVALID');
  });
});
