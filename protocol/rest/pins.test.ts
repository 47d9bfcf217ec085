import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { pinCreateRequestSchema, pinSchema } from './pins.ts';
import { codeOf, dataOf } from '../test-helpers.ts';


describe('POST /api/rooms/:id/pins', () => {
  it('takes a message id, free text, or both; text is trimmed and kept raw', () => {
    expect(dataOf(pinCreateRequestSchema, { message_id: 101 })).toEqual({ message_id: 101, content: null });
    expect(dataOf(pinCreateRequestSchema, { content: ' 회의는 <3시> ' })).toEqual({ message_id: null, content: '회의는 <3시>' });
    expect(dataOf(pinCreateRequestSchema, { message_id: '101', content: '' })).toEqual({ message_id: 101, content: null });
  });

  it('needs one of them', () => {
    expect(codeOf(pinCreateRequestSchema, {})).toBe('PIN_CONTENT_REQUIRED');
    expect(codeOf(pinCreateRequestSchema, { message_id: '', content: '   ' })).toBe('PIN_CONTENT_REQUIRED');
  });

  it('refuses a malformed id and text over 500 code points', () => {
    expect(codeOf(pinCreateRequestSchema, { message_id: 'abc' })).toBe('PIN_MESSAGE_ID_INVALID');
    expect(codeOf(pinCreateRequestSchema, { message_id: 0, content: 'x' })).toBe('PIN_MESSAGE_ID_INVALID');
    expect(codeOf(pinCreateRequestSchema, { content: 'x'.repeat(501) })).toBe('PIN_CONTENT_TOO_LONG');
  });
});

describe('GET /api/rooms/:id/pins', () => {
  it('accepts a free-text pin without a message', () => {
    const pin = {
      id: 1,
      room_id: 7,
      message_id: null,
      content: '금요일 배포',
      pinned_by: 2,
      pinned_at: '2026-02-27T01:00:00Z',
      pinned_by_name: '김철수',
      message_content: null,
      message_sender_id: null,
    };
    expect(codeOf(pinSchema, pin)).toBe('OK');
  });
});
