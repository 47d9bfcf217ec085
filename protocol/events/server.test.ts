import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  messageEditedEventSchema,
  newMessageEventSchema,
  pollUpdatedEventSchema,
  reactionUpdatedEventSchema,
  roomMembersUpdatedEventSchema,
  roomUpdatedEventSchema,
  userProfileUpdatedEventSchema,
  userStatusEventSchema,
} from '../events.ts';
import { parseWith } from '../validate.ts';

const ok = (schema: z.ZodType, input: unknown) => parseWith(schema, input).ok;

describe('server → client payloads', () => {
  it('new_message carries the row, sender and reply fields and the echoed client_msg_id', () => {
    const msg = {
      id: 101,
      room_id: 7,
      sender_id: 2,
      content: '안녕하세요',
      encrypted: 0,
      message_type: 'text',
      file_path: null,
      file_name: null,
      client_msg_id: 'c-1',
      reply_to: null,
      created_at: '2026-02-27T01:02:03Z',
      edited_at: null,
      sender_name: '김철수',
      sender_image: null,
      reply_content: null,
      reply_sender: null,
      unread_count: 2,
      system: null,
    };
    expect(ok(newMessageEventSchema, msg)).toBe(true);
    expect(ok(newMessageEventSchema, { ...msg, unread_count: undefined })).toBe(false);
  });

  it('room_members_updated always has an action, and leave/kick carry user_id', () => {
    expect(ok(roomMembersUpdatedEventSchema, { room_id: 7, action: 'member_left', user_id: 3, by_user_id: 3 })).toBe(true);
    expect(ok(roomMembersUpdatedEventSchema, { room_id: 7, action: 'member_kicked', by_user_id: 1 })).toBe(false);
    expect(ok(roomMembersUpdatedEventSchema, { room_id: 7 })).toBe(false);
    expect(
      ok(roomMembersUpdatedEventSchema, { room_id: 7, action: 'admin_updated', user_id: 3, is_admin: true, by_user_id: 1 }),
    ).toBe(true);
  });

  it('room_updated covers the origin actions plus settings_updated', () => {
    expect(ok(roomUpdatedEventSchema, { room_id: 7, action: 'room_renamed', name: '팀', by_user_id: 1 })).toBe(true);
    expect(ok(roomUpdatedEventSchema, { room_id: 7, action: 'settings_updated', pinned: 1, muted: 0 })).toBe(true);
    expect(ok(roomUpdatedEventSchema, { room_id: 7, action: 'room_deleted' })).toBe(false);
  });

  it('message_edited carries message_id, content, encrypted and edited_at', () => {
    const e = { room_id: 7, message_id: 101, content: 'v2:a:b:c:d', encrypted: true, edited_at: '2026-02-27T02:00:00Z' };
    expect(ok(messageEditedEventSchema, e)).toBe(true);
    expect(ok(messageEditedEventSchema, { ...e, edited_at: undefined })).toBe(false);
  });

  it('reaction_updated carries message_id and reactions', () => {
    const e = { room_id: 7, message_id: 101, reactions: [{ emoji: '👍', count: 1, user_ids: [2] }] };
    expect(ok(reactionUpdatedEventSchema, e)).toBe(true);
    expect(ok(reactionUpdatedEventSchema, { room_id: 7, message_id: 101 })).toBe(false);
  });

  it('poll_updated may omit by_user_id (anonymous vote, deadline close)', () => {
    const poll = {
      id: 9,
      room_id: 7,
      created_by: 2,
      creator_name: null,
      question: 'q',
      multiple_choice: 0,
      anonymous: 1,
      closed: 1,
      ends_at: null,
      created_at: '2026-02-27T01:00:00Z',
      options: [],
      total_voters: 0,
    };
    expect(ok(pollUpdatedEventSchema, { room_id: 7, poll, action: 'poll_closed' })).toBe(true);
    expect(ok(pollUpdatedEventSchema, { room_id: 7, poll, action: 'poll_reopened' })).toBe(false);
  });

  it('user_profile_updated allows no avatar and no status message', () => {
    expect(ok(userProfileUpdatedEventSchema, { user_id: 2, nickname: '김철수', profile_image: null, status_message: null })).toBe(true);
  });

  it('user_status carries last_seen_at as a UTC timestamp when given', () => {
    expect(ok(userStatusEventSchema, { user_id: 2, status: 'online' })).toBe(true);
    expect(ok(userStatusEventSchema, { user_id: 2, status: 'offline', last_seen_at: '2026-11-26T03:59:58.123Z' })).toBe(true);
    expect(ok(userStatusEventSchema, { user_id: 2, status: 'offline', last_seen_at: '2026-11-26 03:59:58' })).toBe(false);
  });
});
