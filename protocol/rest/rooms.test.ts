import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  roomCreateRequestSchema,
  roomInviteRequestSchema,
  roomListItemSchema,
  roomListQuerySchema,
  roomMuteRequestSchema,
  roomPinRequestSchema,
  roomRenameRequestSchema,
} from './rooms.ts';
import { codeOf, dataOf } from '../test-helpers.ts';


describe('POST /api/rooms body', () => {
  it('takes members, drops ids ≤ 0 and duplicates, and trims the name', () => {
    expect(dataOf(roomCreateRequestSchema, { name: '  팀 회의  ', members: [2, 3, 2, 0, -1] })).toEqual({
      name: '팀 회의',
      member_ids: [2, 3],
    });
  });

  it('accepts the member_ids alias, and members wins when both are present', () => {
    expect(dataOf(roomCreateRequestSchema, { member_ids: [4] }).member_ids).toEqual([4]);
    expect(dataOf(roomCreateRequestSchema, { members: [5], member_ids: [6] }).member_ids).toEqual([5]);
    // member_ids is not even validated when members is given.
    expect(dataOf(roomCreateRequestSchema, { members: [5], member_ids: 'junk' }).member_ids).toEqual([5]);
  });

  it('treats null or absent lists as empty and a blank name as none', () => {
    expect(dataOf(roomCreateRequestSchema, { members: null, name: '   ' })).toEqual({ name: null, member_ids: [] });
    expect(dataOf(roomCreateRequestSchema, {})).toEqual({ name: null, member_ids: [] });
  });

  it('refuses a non-list and non-integer elements with their codes', () => {
    expect(codeOf(roomCreateRequestSchema, { members: 2 })).toBe('ROOM_MEMBERS_NOT_LIST');
    expect(codeOf(roomCreateRequestSchema, { member_ids: { 0: 2 } })).toBe('ROOM_MEMBERS_NOT_LIST');
    expect(codeOf(roomCreateRequestSchema, { members: [2, '2'] })).toBe('ROOM_MEMBER_ID_NOT_INT');
    expect(codeOf(roomCreateRequestSchema, { members: [1.5] })).toBe('ROOM_MEMBER_ID_NOT_INT');
    expect(codeOf(roomCreateRequestSchema, { members: [true] })).toBe('ROOM_MEMBER_ID_NOT_INT');
  });

  it('caps the list and the name length', () => {
    expect(codeOf(roomCreateRequestSchema, { members: Array.from({ length: 1001 }, (_, i) => i + 1) })).toBe('ROOM_MEMBERS_TOO_MANY');
    expect(codeOf(roomCreateRequestSchema, { name: 'x'.repeat(51) })).toBe('ROOM_NAME_TOO_LONG');
    expect(codeOf(roomCreateRequestSchema, 'rooms')).toBe('REQUEST_INVALID_FORMAT');
  });
});

describe('POST /api/rooms/:id/members (invite)', () => {
  it('takes user_ids, or a truthy user_id that wins', () => {
    expect(dataOf(roomInviteRequestSchema, { user_ids: [3, 3, 4] })).toEqual({ user_ids: [3, 4] });
    expect(dataOf(roomInviteRequestSchema, { user_id: 3, user_ids: [9] })).toEqual({ user_ids: [3] });
    expect(dataOf(roomInviteRequestSchema, { user_id: 0, user_ids: [9] })).toEqual({ user_ids: [9] });
  });

  it('refuses an empty invite and malformed ids', () => {
    expect(codeOf(roomInviteRequestSchema, {})).toBe('ROOM_INVITE_USER_REQUIRED');
    expect(codeOf(roomInviteRequestSchema, { user_ids: [0, -2] })).toBe('ROOM_INVITE_USER_REQUIRED');
    expect(codeOf(roomInviteRequestSchema, { user_ids: 'x' })).toBe('ROOM_INVITE_USER_IDS_INVALID');
    expect(codeOf(roomInviteRequestSchema, { user_id: '3' })).toBe('ROOM_INVITE_USER_IDS_INVALID');
  });
});

describe('PUT /api/rooms/:id/name', () => {
  it('trims and keeps the raw text (no HTML escaping at rest)', () => {
    expect(dataOf(roomRenameRequestSchema, { name: '  <b>R&D</b> ' })).toEqual({ name: '<b>R&D</b>' });
  });

  it('needs 1..50 code points', () => {
    expect(codeOf(roomRenameRequestSchema, {})).toBe('ROOM_NAME_REQUIRED');
    expect(codeOf(roomRenameRequestSchema, { name: '   ' })).toBe('ROOM_NAME_REQUIRED');
    expect(codeOf(roomRenameRequestSchema, { name: 'x'.repeat(51) })).toBe('ROOM_NAME_TOO_LONG');
    expect(codeOf(roomRenameRequestSchema, { name: '😀'.repeat(50) })).toBe('OK');
  });
});

describe('pin-room and mute', () => {
  it('defaults to true and accepts booleans or 0/1', () => {
    expect(dataOf(roomPinRequestSchema, {})).toEqual({ pinned: true });
    expect(dataOf(roomPinRequestSchema, { pinned: false })).toEqual({ pinned: false });
    expect(dataOf(roomMuteRequestSchema, { muted: 0 })).toEqual({ muted: false });
  });

  it('refuses other values', () => {
    expect(codeOf(roomPinRequestSchema, { pinned: 'false' })).toBe('ROOM_SETTING_NOT_BOOLEAN');
    expect(codeOf(roomMuteRequestSchema, { muted: null })).toBe('ROOM_SETTING_NOT_BOOLEAN');
  });
});

describe('GET /api/rooms', () => {
  it('reads include_members as a 1/true/yes flag', () => {
    expect(dataOf(roomListQuerySchema, {})).toEqual({ include_members: false });
    expect(dataOf(roomListQuerySchema, { include_members: 'yes' })).toEqual({ include_members: true });
  });

  it('describes a direct room with its partner and no encryption key', () => {
    const room = {
      id: 7,
      name: '김철수',
      type: 'direct',
      created_by: 1,
      created_at: '2026-02-27T01:02:03Z',
      last_read_message_id: 40,
      pinned: 1,
      muted: 0,
      member_count: 2,
      last_message: null,
      last_message_type: 'text',
      last_message_time: '2026-02-27T01:05:00Z',
      last_message_encrypted: 1,
      last_message_file_name: null,
      last_message_id: 41,
      last_message_ciphertext: 'v2:Zm9v:YmFy:YmF6:cXV4',
      unread_count: 3,
      last_message_preview: '[암호화된 메시지]',
      last_message_system: null,
      partner: { room_id: 7, id: 2, nickname: '김철수', profile_image: null, status: 'online', last_seen_at: null },
      encryption_key: 'leaked-wrapped-key',
    };
    const parsed = dataOf(roomListItemSchema, room);
    expect(parsed.partner?.id).toBe(2);
    expect('encryption_key' in parsed).toBe(false);
    expect(codeOf(roomListItemSchema, { ...room, last_message_time: '2026-02-27 10:05:00' })).toBe('REQUEST_INVALID');
  });
});
