import { describe, expect, it } from 'vitest';
import { pinUpdatedEventSchema } from '../../protocol/events/server.ts';
import { pinSchema } from '../../protocol/rest/pins.ts';
import { useServer } from '../helpers/suite.ts';
import { type User, as, barrier, connect, createRoom, events, expectError, sendText, user, waitFor } from '../rooms/fixtures.ts';

const env = useServer();

const strictPin = pinSchema.strict();
const pinsOf = async (roomId: number, by: User) => {
  const res = await env.a.get(`/api/rooms/${roomId}/pins`, as(by));
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body as unknown[]).map((p) => strictPin.parse(p));
};
const pin = (roomId: number, by: User, body: unknown) => env.a.post(`/api/rooms/${roomId}/pins`, body, as(by));
const unpin = (roomId: number, pinId: number | string, by: User) => env.a.del(`/api/rooms/${roomId}/pins/${pinId}`, undefined, as(by));

async function group() {
  const [a, b, outsider] = [await user(env), await user(env), await user(env)];
  return { a, b, outsider, roomId: await createRoom(env, a, [b], 'pins') };
}

describe('pin access', () => {
  it('answers 401 to anonymous callers and 403 to non-members on every route, and changes nothing', async () => {
    const { a, outsider, roomId } = await group();
    const created = await pin(roomId, a, { content: '공지' });
    const pinId = created.body.pin_id as number;
    for (const res of [
      await env.a.get(`/api/rooms/${roomId}/pins`),
      await env.a.post(`/api/rooms/${roomId}/pins`, { content: 'x' }),
      await env.a.del(`/api/rooms/${roomId}/pins/${pinId}`),
    ]) {
      expect(res.status).toBe(401);
      expect(typeof res.body.error_code).toBe('string');
    }
    expectError(await env.a.get(`/api/rooms/${roomId}/pins`, as(outsider)), 403, 'ROOM_ACCESS_DENIED');
    expectError(await pin(roomId, outsider, { content: 'x' }), 403, 'ROOM_ACCESS_DENIED');
    expectError(await unpin(roomId, pinId, outsider), 403, 'ROOM_ACCESS_DENIED');
    expect((await pinsOf(roomId, a)).map((p) => p.id)).toEqual([pinId]);
  });

  it('answers 404 for a malformed room, an unknown or malformed pin', async () => {
    const { a, roomId } = await group();
    expectError(await env.a.get('/api/rooms/x1/pins', as(a)), 404, 'ROOM_NOT_FOUND');
    expectError(await unpin(roomId, 999_999, a), 404, 'PIN_NOT_FOUND');
    expectError(await unpin(roomId, 'abc', a), 404, 'PIN_NOT_FOUND');
  });
});

describe('creating pins', () => {
  it('pins a message of the room (content "" and the message fields) and free text (message fields null), newest first', async () => {
    const { a, b, roomId } = await group();
    const m = await sendText(env, roomId, b, '내일 10시 회의');
    const first = await pin(roomId, a, { message_id: m.id });
    expect(first.body).toEqual({ success: true, pin_id: expect.any(Number) });
    const second = await pin(roomId, b, { content: '  <b>금요일</b> 배포  ' });
    const [text, message] = await pinsOf(roomId, a);
    expect(text).toMatchObject({
      id: second.body.pin_id,
      room_id: roomId,
      message_id: null,
      content: '<b>금요일</b> 배포',
      pinned_by: b.userId,
      pinned_by_name: b.nickname,
      message_content: null,
      message_sender_id: null,
    });
    expect(message).toMatchObject({
      id: first.body.pin_id,
      message_id: m.id,
      content: '',
      pinned_by: a.userId,
      pinned_by_name: a.nickname,
      message_content: '내일 10시 회의',
      message_sender_id: b.userId,
    });
  });

  it("refuses another room's message, even one the caller can read, and never shows its content", async () => {
    const { a, b, roomId } = await group();
    const other = await createRoom(env, a, [], 'secret');
    const secret = await sendText(env, other, a, '다른 방의 비밀');
    expectError(await pin(roomId, a, { message_id: secret.id }), 400, 'PIN_MESSAGE_NOT_IN_ROOM');
    expectError(await pin(roomId, b, { message_id: secret.id, content: '같이' }), 400, 'PIN_MESSAGE_NOT_IN_ROOM');
    expectError(await pin(roomId, a, { message_id: 999_999 }), 400, 'PIN_MESSAGE_NOT_IN_ROOM');
    expect(await pinsOf(roomId, b)).toEqual([]);
    // A cross-room pin already in the table (an imported origin row) shows no message content.
    await env.t.server.db.execute({
      sql: 'INSERT INTO pinned_messages (room_id, message_id, content, pinned_by) VALUES (?, ?, ?, ?)',
      args: [roomId, secret.id, '', a.userId],
    });
    const [imported] = await pinsOf(roomId, b);
    expect(imported).toMatchObject({ message_content: null, message_sender_id: null });
    expect(JSON.stringify(await pinsOf(roomId, b))).not.toContain('비밀');
  });

  it('validates the body', async () => {
    const { a, roomId } = await group();
    expectError(await pin(roomId, a, {}), 400, 'PIN_CONTENT_REQUIRED');
    expectError(await pin(roomId, a, { content: '   ' }), 400, 'PIN_CONTENT_REQUIRED');
    expectError(await pin(roomId, a, { content: 'x'.repeat(501) }), 400, 'PIN_CONTENT_TOO_LONG');
    expectError(await pin(roomId, a, { message_id: 'abc' }), 400, 'PIN_MESSAGE_ID_INVALID');
    expect(await pinsOf(roomId, a)).toEqual([]);
  });
});

describe('deleting pins', () => {
  it('lets any member unpin (origin), and refuses a pin of another room', async () => {
    const { a, b, roomId } = await group();
    const other = await createRoom(env, a, [b, await user(env)], 'other');
    const mine = (await pin(roomId, a, { content: 'a의 공지' })).body.pin_id as number;
    const elsewhere = (await pin(other, a, { content: '다른 방 공지' })).body.pin_id as number;
    expectError(await unpin(roomId, elsewhere, b), 403, 'PIN_ROOM_MISMATCH');
    expect((await unpin(roomId, mine, b)).body).toEqual({ success: true });
    expect(await pinsOf(roomId, a)).toEqual([]);
    expectError(await unpin(roomId, mine, a), 404, 'PIN_NOT_FOUND');
    expect((await pinsOf(other, a)).map((p) => p.id)).toEqual([elsewhere]);
  });
});

describe('pin events', () => {
  it('emits pin_updated to the room only, for creates and deletes', async () => {
    const { a, b, outsider, roomId } = await group();
    const [sB, sOut] = [await connect(env, b, [roomId]), await connect(env, outsider)];
    const pinId = (await pin(roomId, a, { content: '알림' })).body.pin_id as number;
    const created = await waitFor(sB, 'pin_updated', (p) => p.action === 'pin_created');
    expect(pinUpdatedEventSchema.strict().parse(created)).toEqual({ room_id: roomId, pin_id: pinId, action: 'pin_created', by_user_id: a.userId });
    await unpin(roomId, pinId, b);
    const deleted = await waitFor(sB, 'pin_updated', (p) => p.action === 'pin_deleted');
    expect(deleted).toEqual({ room_id: roomId, pin_id: pinId, action: 'pin_deleted', by_user_id: b.userId });
    // Refused calls emit nothing.
    await pin(roomId, outsider, { content: 'x' });
    await barrier(env, outsider, sOut);
    await barrier(env, b, sB);
    expect(events(sOut, 'pin_updated')).toEqual([]);
    expect(events(sB, 'pin_updated')).toHaveLength(2);
  });
});
