import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { ackError } from './envelope.ts';
import {
  type ClientToServerEvents,
  clientEventNames,
  deleteMessagePayloadSchema,
  editMessagePayloadSchema,
  messageReadPayloadSchema,
  originInboundEventNames,
  relayEventNames,
  roomRefPayloadSchema,
  sendMessageAckSchema,
  sendMessagePayloadSchema,
  type ServerToClientEvents,
  serverEventNames,
  subscribeRoomsPayloadSchema,
  typingPayloadSchema,
} from './events.ts';
import { codeOf, dataOf } from './test-helpers.ts';


describe('send_message payload', () => {
  it('accepts an encrypted text message with a reply and an idempotency key', () => {
    const payload = {
      room_id: 7,
      content: 'v2:c2FsdA==:aXY=:Y2lwaGVy:aG1hYw==',
      type: 'text',
      encrypted: true,
      reply_to: 99,
      client_msg_id: '  3f0c1f9e-4d7e-4a51-9a55-0c0f3f0a1b2c ',
    };
    expect(dataOf(sendMessagePayloadSchema, payload)).toEqual({
      room_id: 7,
      content: 'v2:c2FsdA==:aXY=:Y2lwaGVy:aG1hYw==',
      type: 'text',
      encrypted: true,
      reply_to: 99,
      upload_token: null,
      client_msg_id: '3f0c1f9e-4d7e-4a51-9a55-0c0f3f0a1b2c',
      mentions: [],
    });
  });

  it('takes mentions as at most 50 strict user ids, duplicates dropped', () => {
    expect(dataOf(sendMessagePayloadSchema, { room_id: 7, content: 'hi @bob', mentions: [3, 3, 4] }).mentions).toEqual([3, 4]);
    expect(dataOf(sendMessagePayloadSchema, { room_id: 7, content: 'hi', mentions: null }).mentions).toEqual([]);
    for (const mentions of [[0], ['3'], [1.5], 'x', Array.from({ length: 51 }, (_, i) => i + 1)]) {
      expect(codeOf(sendMessagePayloadSchema, { room_id: 7, content: 'hi', mentions })).toBe('MENTIONS_INVALID');
    }
  });

  it('defaults type to text and encrypted by the content (the origin defaulted to true)', () => {
    expect(dataOf(sendMessagePayloadSchema, { room_id: 7, content: ' hello ' })).toMatchObject({
      content: 'hello',
      type: 'text',
      encrypted: false,
      reply_to: null,
      client_msg_id: null,
    });
    expect(dataOf(sendMessagePayloadSchema, { room_id: 7, content: 'U2FsdGVkX19abc=' }).encrypted).toBe(true);
    expect(dataOf(sendMessagePayloadSchema, { room_id: 7, content: 'v2:a:b:c:d', encrypted: false }).encrypted).toBe(false);
  });

  it('takes room_id only as a strict positive integer', () => {
    for (const room_id of ['5', 0, -1, 1.5, null, undefined, true]) {
      expect(codeOf(sendMessagePayloadSchema, { room_id, content: 'hi' }), String(room_id)).toBe('ROOM_ID_INVALID');
    }
  });

  it("refuses type 'system' and unknown types", () => {
    expect(codeOf(sendMessagePayloadSchema, { room_id: 7, content: 'hi', type: 'system' })).toBe('MESSAGE_TYPE_INVALID');
    expect(codeOf(sendMessagePayloadSchema, { room_id: 7, content: 'hi', type: 'video' })).toBe('MESSAGE_TYPE_INVALID');
  });

  it('limits plaintext to 10000 and ciphertext to 200000 code points', () => {
    expect(codeOf(sendMessagePayloadSchema, { room_id: 7, content: 'a'.repeat(10_001) })).toBe('MESSAGE_CONTENT_TOO_LONG');
    expect(codeOf(sendMessagePayloadSchema, { room_id: 7, content: `v2:${'a'.repeat(199_997)}` })).toBe('OK');
    expect(codeOf(sendMessagePayloadSchema, { room_id: 7, content: `v2:${'a'.repeat(199_998)}` })).toBe('MESSAGE_CONTENT_TOO_LONG');
  });

  it('needs content for text and an upload token for files', () => {
    expect(codeOf(sendMessagePayloadSchema, { room_id: 7, content: '   ' })).toBe('MESSAGE_CONTENT_REQUIRED');
    expect(codeOf(sendMessagePayloadSchema, { room_id: 7, type: 'file' })).toBe('UPLOAD_TOKEN_REQUIRED');
    expect(dataOf(sendMessagePayloadSchema, { room_id: 7, type: 'image', upload_token: 't'.repeat(43) })).toMatchObject({
      content: '',
      type: 'image',
      encrypted: false,
      upload_token: 't'.repeat(43),
    });
    const file = { room_id: 7, type: 'file', content: 'v2:a:b:c:d', encrypted: true, upload_token: 't'.repeat(43) };
    expect(dataOf(sendMessagePayloadSchema, file).encrypted).toBe(false);
  });

  it('refuses malformed optional fields with their codes', () => {
    const base = { room_id: 7, content: 'hi' };
    expect(codeOf(sendMessagePayloadSchema, { ...base, encrypted: 'true' })).toBe('MESSAGE_ENCRYPTED_NOT_BOOLEAN');
    expect(codeOf(sendMessagePayloadSchema, { ...base, reply_to: '99' })).toBe('REPLY_TO_INVALID');
    expect(codeOf(sendMessagePayloadSchema, { ...base, reply_to: 0 })).toBe('REPLY_TO_INVALID');
    expect(codeOf(sendMessagePayloadSchema, { ...base, client_msg_id: 'x'.repeat(65) })).toBe('CLIENT_MSG_ID_INVALID');
    expect(codeOf(sendMessagePayloadSchema, { ...base, client_msg_id: 42 })).toBe('CLIENT_MSG_ID_INVALID');
    expect(codeOf(sendMessagePayloadSchema, { ...base, upload_token: 42 })).toBe('UPLOAD_TOKEN_INVALID');
    expect(dataOf(sendMessagePayloadSchema, { ...base, client_msg_id: '  ' }).client_msg_id).toBeNull();
  });

  it('ACKs with the message id, and marks duplicates', () => {
    expect(codeOf(sendMessageAckSchema, { ok: true, message_id: 101 })).toBe('OK');
    expect(codeOf(sendMessageAckSchema, { ok: true, message_id: 101, duplicate: true })).toBe('OK');
    expect(codeOf(sendMessageAckSchema, ackError('ROOM_ACCESS_DENIED', 'en'))).toBe('OK');
    expect(codeOf(sendMessageAckSchema, { ok: false, error: 'x', error_code: 'NOPE' })).toBe('REQUEST_INVALID');
  });
});

describe('other client payloads', () => {
  it('subscribe_rooms keeps positive ids once and skips the rest', () => {
    expect(dataOf(subscribeRoomsPayloadSchema, { room_ids: [1, '2', 2, 0, 'x', null] })).toEqual({ room_ids: [1, 2] });
    expect(codeOf(subscribeRoomsPayloadSchema, { room_ids: 3 })).toBe('ROOM_ID_INVALID');
  });

  it('join_room / leave_room / message_read read ids like the origin int()', () => {
    expect(dataOf(roomRefPayloadSchema, { room_id: '7' })).toEqual({ room_id: 7 });
    expect(codeOf(roomRefPayloadSchema, { room_id: 0 })).toBe('ROOM_ID_INVALID');
    expect(dataOf(messageReadPayloadSchema, { room_id: 7, message_id: '101' })).toEqual({ room_id: 7, message_id: 101 });
    expect(codeOf(messageReadPayloadSchema, { room_id: 7, message_id: -1 })).toBe('MESSAGE_ID_INVALID');
  });

  it('typing needs a boolean flag (absent = false)', () => {
    expect(dataOf(typingPayloadSchema, { room_id: 7 })).toEqual({ room_id: 7, is_typing: false });
    expect(codeOf(typingPayloadSchema, { room_id: 7, is_typing: 'yes' })).toBe('TYPING_FLAG_NOT_BOOLEAN');
  });

  it('edit_message follows the send rules (the origin defaulted encrypted to true)', () => {
    expect(dataOf(editMessagePayloadSchema, { message_id: 5, content: ' fixed ' })).toEqual({
      message_id: 5,
      content: 'fixed',
      encrypted: false,
    });
    expect(codeOf(editMessagePayloadSchema, { message_id: 5, content: '' })).toBe('MESSAGE_CONTENT_REQUIRED');
    expect(codeOf(editMessagePayloadSchema, { content: 'x' })).toBe('MESSAGE_ID_INVALID');
    expect(codeOf(deleteMessagePayloadSchema, { message_id: 'abc' })).toBe('MESSAGE_ID_INVALID');
  });

  it('edit_message mentions: absent keeps the old ones, null clears them, the send rules otherwise', () => {
    expect(dataOf(editMessagePayloadSchema, { message_id: 5, content: 'x' }).mentions).toBeUndefined();
    expect(dataOf(editMessagePayloadSchema, { message_id: 5, content: 'x', mentions: null }).mentions).toEqual([]);
    expect(dataOf(editMessagePayloadSchema, { message_id: 5, content: 'x', mentions: [4, 4, 9] }).mentions).toEqual([4, 9]);
    for (const mentions of [[0], ['3'], 'x', Array.from({ length: 51 }, (_, i) => i + 1)]) {
      expect(codeOf(editMessagePayloadSchema, { message_id: 5, content: 'x', mentions })).toBe('MENTIONS_INVALID');
    }
  });
});

describe('event names', () => {
  it('registers the 8 handlers and the 8 origin relays, 18 with the lifecycle events', () => {
    expect([...clientEventNames].sort()).toEqual(
      [
        'admin_updated',
        'delete_message',
        'edit_message',
        'join_room',
        'leave_room',
        'message_read',
        'pin_updated',
        'poll_created',
        'poll_updated',
        'profile_updated',
        'reaction_updated',
        'room_members_updated',
        'room_name_updated',
        'send_message',
        'subscribe_rooms',
        'typing',
      ].sort(),
    );
    expect(relayEventNames).toHaveLength(8);
    expect(new Set(originInboundEventNames).size).toBe(18);
  });

  it('lists the 18 server events', () => {
    expect(new Set(serverEventNames).size).toBe(18);
  });

  it('keeps the name lists and the typed maps in step', () => {
    expectTypeOf<(typeof clientEventNames)[number]>().toEqualTypeOf<keyof ClientToServerEvents>();
    expectTypeOf<(typeof serverEventNames)[number]>().toEqualTypeOf<keyof ServerToClientEvents>();
  });
});
