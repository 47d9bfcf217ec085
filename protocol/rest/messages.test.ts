import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  messageEditRequestSchema,
  messageItemSchema,
  messagesQuerySchema,
  messagesResponseSchema,
  reactionToggleRequestSchema,
} from './messages.ts';
import { codeOf, dataOf } from '../test-helpers.ts';


describe('GET /api/rooms/:id/messages query', () => {
  it('defaults to the latest 50 with meta', () => {
    expect(dataOf(messagesQuerySchema, {})).toEqual({ before_id: undefined, after_id: undefined, limit: 50, include_meta: true });
  });

  it('clamps limit into 1..200 and ignores what is not a number', () => {
    expect(dataOf(messagesQuerySchema, { limit: '999' }).limit).toBe(200);
    expect(dataOf(messagesQuerySchema, { limit: '-4' }).limit).toBe(1);
    expect(dataOf(messagesQuerySchema, { limit: 'many' }).limit).toBe(50);
  });

  it('reads before_id / after_id as positive ids and include_meta as a flag', () => {
    const q = dataOf(messagesQuerySchema, { before_id: '120', after_id: '100', include_meta: '0' });
    expect(q).toEqual({ before_id: 120, after_id: 100, limit: 50, include_meta: false });
    expect(dataOf(messagesQuerySchema, { after_id: '0', include_meta: 'TRUE' })).toMatchObject({ after_id: undefined, include_meta: true });
  });
});

describe('message item', () => {
  const item = {
    id: 101,
    room_id: 7,
    sender_id: 2,
    content: 'v2:c2FsdA==:aXY=:Y2lwaGVy:aG1hYw==',
    encrypted: 1,
    message_type: 'text',
    file_path: null,
    file_name: null,
    client_msg_id: '3f0c1f9e-4d7e-4a51-9a55-0c0f3f0a1b2c',
    reply_to: 99,
    created_at: '2026-02-27T01:02:03.456Z',
    edited_at: null,
    sender_name: '김철수',
    sender_image: 'profiles/2_20260227.png',
    reply_content: '안녕하세요',
    reply_sender: '이영희',
    reactions: [{ emoji: '👍', count: 2, user_ids: [1, 3] }],
    unread_count: 1,
    system: null,
  };

  it('accepts a realistic page with meta', () => {
    const page = { messages: [item], members: [], encryption_key: 'q'.repeat(44) };
    expect(dataOf(messagesResponseSchema, page).messages[0]?.reactions[0]?.count).toBe(2);
  });

  it('requires UTC ISO timestamps and a known type', () => {
    expect(codeOf(messageItemSchema, { ...item, created_at: '2026-02-27 10:02:03' })).toBe('REQUEST_INVALID');
    expect(codeOf(messageItemSchema, { ...item, message_type: 'video' })).toBe('REQUEST_INVALID');
    expect(codeOf(messageItemSchema, { ...item, edited_at: '2026-02-27T02:00:00Z' })).toBe('OK');
  });
});

describe('PUT /api/messages/:id', () => {
  it('trims, and defaults encrypted by the content', () => {
    expect(dataOf(messageEditRequestSchema, { content: ' fixed typo ' })).toEqual({ content: 'fixed typo', encrypted: false });
    expect(dataOf(messageEditRequestSchema, { content: 'v2:a:b:c:d' }).encrypted).toBe(true);
    expect(dataOf(messageEditRequestSchema, { content: 'U2FsdGVkX1abc', encrypted: false }).encrypted).toBe(false);
  });

  it('refuses empty, non-boolean flags and over-long plaintext', () => {
    expect(codeOf(messageEditRequestSchema, {})).toBe('MESSAGE_CONTENT_REQUIRED');
    expect(codeOf(messageEditRequestSchema, { content: '  ' })).toBe('MESSAGE_CONTENT_REQUIRED');
    expect(codeOf(messageEditRequestSchema, { content: 'hi', encrypted: 'yes' })).toBe('MESSAGE_ENCRYPTED_NOT_BOOLEAN');
    expect(codeOf(messageEditRequestSchema, { content: 'a'.repeat(10_001) })).toBe('MESSAGE_CONTENT_TOO_LONG');
    expect(codeOf(messageEditRequestSchema, { content: 'a'.repeat(10_001), encrypted: true })).toBe('OK');
  });
});

describe('POST /api/messages/:id/reactions', () => {
  it('takes 1..10 code points after trimming', () => {
    expect(dataOf(reactionToggleRequestSchema, { emoji: ' 👍 ' })).toEqual({ emoji: '👍' });
    expect(codeOf(reactionToggleRequestSchema, { emoji: '👨‍👩‍👧‍👦' })).toBe('OK'); // 7 code points, 11 UTF-16 units
  });

  it('refuses empty, too long or non-string emoji', () => {
    expect(codeOf(reactionToggleRequestSchema, {})).toBe('REACTION_EMOJI_INVALID');
    expect(codeOf(reactionToggleRequestSchema, { emoji: '  ' })).toBe('REACTION_EMOJI_INVALID');
    expect(codeOf(reactionToggleRequestSchema, { emoji: 'x'.repeat(11) })).toBe('REACTION_EMOJI_INVALID');
    expect(codeOf(reactionToggleRequestSchema, { emoji: 1 })).toBe('REACTION_EMOJI_INVALID');
  });
});
