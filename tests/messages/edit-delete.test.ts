import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteMessageAckSchema, editMessageAckSchema } from '../../protocol/events/client.ts';
import { messageDeletedEventSchema, messageEditedEventSchema } from '../../protocol/events/server.ts';
import { messageDeleteResponseSchema, messageEditResponseSchema } from '../../protocol/rest/messages.ts';
import { CookieJar, PASSWORD, api } from '../helpers/http.ts';
import { useServer } from '../helpers/suite.ts';
import { createRoomDirect } from '../helpers/rooms.ts';
import { collect, emitAck, nextEvent, roundTrip } from '../helpers/socket.ts';
import { type User, closeSockets, expectAckError, expectError, removeMember, socketOf, users, writeMessages } from './fixture.ts';

const env = useServer();
let alice: User, bob: User, dave: User, outsider: User;
let aliceS: Socket, bobS: Socket, daveS: Socket, outsiderS: Socket;
let room: number;
beforeAll(async () => {
  [alice, bob, dave, outsider] = (await users(env.a, 4)) as [User, User, User, User];
  room = await createRoomDirect(env.t.server, [alice.userId, bob.userId, dave.userId]);
  [aliceS, bobS, daveS, outsiderS] = await Promise.all([alice, bob, dave, outsider].map((u) => socketOf(env.t, u)));
});
afterAll(() => closeSockets());

const put = (u: User, id: number | string, body: unknown) => env.a.put(`/api/messages/${id}`, body, { token: u.accessToken });
const del = (u: User, id: number | string) => env.a.del(`/api/messages/${id}`, undefined, { token: u.accessToken });
const stored = async (id: number) =>
  (await env.t.server.db.execute({ sql: 'SELECT * FROM messages WHERE id = ?', args: [id] })).rows[0]!;
const one = async (content = 'hello') => (await writeMessages(env.t, room, alice.userId, [content]))[0]!;

/** Members hear `event` for this message; the outsider's socket has heard nothing by a later round trip. */
async function expectBroadcast<T>(event: string, messageId: number, act: () => Promise<unknown>): Promise<T[]> {
  const leaked = collect(outsiderS, event);
  const heard = Promise.all([aliceS, bobS, daveS].map((s) => nextEvent<T & { message_id: number }>(s, event, (p) => p.message_id === messageId)));
  await act();
  const payloads = await heard;
  await roundTrip(outsiderS);
  expect(leaked).toEqual([]);
  return payloads;
}

describe('edit', () => {
  it('PUT sets content, encrypted and edited_at, answers {success, room_id, edited_at} and emits message_edited to the room', async () => {
    const id = await one();
    let res: Awaited<ReturnType<typeof put>> | undefined;
    const events = await expectBroadcast('message_edited', id, async () => (res = await put(alice, id, { content: '  edited  ' })));
    expect(res!.status).toBe(200);
    const body = messageEditResponseSchema.parse(res!.body);
    expect(body.room_id).toBe(room);
    for (const e of events) {
      expect(messageEditedEventSchema.parse(e)).toEqual({ room_id: room, message_id: id, content: 'edited', encrypted: false, edited_at: body.edited_at, key_version: 1 });
    }
    const row = await stored(id);
    expect({ content: row.content, encrypted: Number(row.encrypted), edited_at: row.edited_at }).toEqual({ content: 'edited', encrypted: 0, edited_at: body.edited_at });
  });

  it('stores the encrypted flag by the protocol rule (ciphertext-looking content defaults to encrypted)', async () => {
    const id = await one();
    const cipher = 'v2:c2FsdA==:aXY=:Y2lwaGVy:aG1hYw==';
    const heard = nextEvent(bobS, 'message_edited', (p: { message_id: number }) => p.message_id === id);
    expect((await put(alice, id, { content: cipher })).status).toBe(200);
    expect(await heard).toMatchObject({ content: cipher, encrypted: true });
    expect(Number((await stored(id)).encrypted)).toBe(1);
    expect((await put(alice, id, { content: 'plain again', encrypted: false })).status).toBe(200);
    expect(Number((await stored(id)).encrypted)).toBe(0);
  });

  it('edit_message over the socket ACKs {ok, message_id, edited_at} and emits the same event', async () => {
    const id = await one();
    let ack: unknown;
    const events = await expectBroadcast('message_edited', id, async () => (ack = await emitAck(aliceS, 'edit_message', { message_id: id, content: 'by socket' })));
    const parsed = editMessageAckSchema.parse(ack);
    expect(parsed).toEqual({ ok: true, message_id: id, edited_at: expect.any(String) });
    for (const e of events) expect(e).toEqual({ room_id: room, message_id: id, content: 'by socket', encrypted: false, edited_at: (parsed as { edited_at: string }).edited_at, key_version: 1 });
    expect((await stored(id)).content).toBe('by socket');
  });

  it('refuses invalid bodies with their codes', async () => {
    const id = await one();
    await expectError(put(alice, id, {}), 400, 'MESSAGE_CONTENT_REQUIRED');
    await expectError(put(alice, id, { content: '   ' }), 400, 'MESSAGE_CONTENT_REQUIRED');
    await expectError(put(alice, id, { content: 'x', encrypted: 'yes' }), 400, 'MESSAGE_ENCRYPTED_NOT_BOOLEAN');
    await expectError(put(alice, id, { content: 'x'.repeat(10_001) }), 400, 'MESSAGE_CONTENT_TOO_LONG');
    await expectError(env.a.put(`/api/messages/${id}`, undefined, { token: alice.accessToken, rawBody: '{bad', headers: { 'content-type': 'application/json' } }), 400, 'REQUEST_INVALID_FORMAT');
    await expectAckError(aliceS, 'edit_message', { message_id: id, content: '' }, 'MESSAGE_CONTENT_REQUIRED');
    await expectAckError(aliceS, 'edit_message', { message_id: 'abc', content: 'x' }, 'MESSAGE_ID_INVALID');
    expect((await stored(id)).edited_at).toBeNull();
  });
});

describe('delete', () => {
  it('DELETE soft-deletes (content, encrypted, file fields, deleted_at; type kept), drops the room_files row, emits message_deleted', async () => {
    const s = env.t.server;
    const { view } = await s.writer.write({ roomId: room, senderId: alice.userId, content: 'a.png', encrypted: false, type: 'image', filePath: 'x/a.png', fileName: 'a.png' });
    await s.db.execute({ sql: 'INSERT INTO room_files (room_id, message_id, file_path, file_name, uploaded_by) VALUES (?, ?, ?, ?, ?)', args: [room, view.id, 'x/a.png', 'a.png', alice.userId] });
    let res: Awaited<ReturnType<typeof del>> | undefined;
    const events = await expectBroadcast('message_deleted', view.id, async () => (res = await del(alice, view.id)));
    expect(res!.status).toBe(200);
    expect(messageDeleteResponseSchema.parse(res!.body)).toEqual({ success: true, room_id: room });
    for (const e of events) expect(messageDeletedEventSchema.parse(e)).toEqual({ room_id: room, message_id: view.id });
    const row = await stored(view.id);
    expect({ ...row }).toMatchObject({ content: '[삭제된 메시지]', encrypted: 0, file_path: null, file_name: null, message_type: 'image' });
    expect(row.deleted_at).toEqual(expect.stringMatching(/Z$/));
    const files = await s.db.execute({ sql: 'SELECT 1 FROM room_files WHERE message_id = ?', args: [view.id] });
    expect(files.rows).toHaveLength(0);
  });

  it('delete_message over the socket ACKs {ok, message_id} and emits the same event', async () => {
    const id = await one();
    let ack: unknown;
    await expectBroadcast('message_deleted', id, async () => (ack = await emitAck(aliceS, 'delete_message', { message_id: String(id) })));
    expect(deleteMessageAckSchema.parse(ack)).toEqual({ ok: true, message_id: id });
    expect((await stored(id)).content).toBe('[삭제된 메시지]');
  });

  it('deleting again succeeds (idempotent) without a second event; a deleted message cannot be edited (MESSAGE_DELETED)', async () => {
    const id = await one();
    const heard = collect(bobS, 'message_deleted');
    expect((await del(alice, id)).status).toBe(200);
    expect((await del(alice, id)).body).toEqual({ success: true, room_id: room });
    expect(await emitAck(aliceS, 'delete_message', { message_id: id })).toEqual({ ok: true, message_id: id });
    await roundTrip(bobS);
    expect(heard.filter((p: { message_id: number }) => p.message_id === id)).toHaveLength(1);
    await expectError(put(alice, id, { content: 'revive' }), 409, 'MESSAGE_DELETED');
    await expectAckError(aliceS, 'edit_message', { message_id: id, content: 'revive' }, 'MESSAGE_DELETED');
    expect((await stored(id)).content).toBe('[삭제된 메시지]');
  });
});

describe('who may change a message (REST and socket alike)', () => {
  /** The same attempt over REST and over the socket must fail with the same code. */
  async function refusedBoth(u: User, socket: Socket, id: number | string, status: number, editCode: string, deleteCode = editCode) {
    await expectError(put(u, id, { content: 'nope' }), status, editCode);
    await expectAckError(socket, 'edit_message', { message_id: id, content: 'nope' }, editCode);
    await expectError(del(u, id), status, deleteCode);
    await expectAckError(socket, 'delete_message', { message_id: id }, deleteCode);
  }

  it('only the sender: others get MESSAGE_EDIT_FORBIDDEN / MESSAGE_DELETE_FORBIDDEN, outsiders too', async () => {
    const id = await one('mine');
    await refusedBoth(bob, bobS, id, 403, 'MESSAGE_EDIT_FORBIDDEN', 'MESSAGE_DELETE_FORBIDDEN');
    await refusedBoth(outsider, outsiderS, id, 403, 'MESSAGE_EDIT_FORBIDDEN', 'MESSAGE_DELETE_FORBIDDEN');
    expect((await stored(id)).content).toBe('mine');
  });

  it('unknown or malformed ids: 404 MESSAGE_NOT_FOUND; 401 without auth', async () => {
    await refusedBoth(alice, aliceS, 99_999_999, 404, 'MESSAGE_NOT_FOUND');
    for (const bad of ['abc', '0', '-2', '1.5']) {
      await expectError(put(alice, bad, { content: 'x' }), 404, 'MESSAGE_NOT_FOUND');
      await expectError(del(alice, bad), 404, 'MESSAGE_NOT_FOUND');
    }
    const id = await one();
    await expectError(env.a.put(`/api/messages/${id}`, { content: 'x' }), 401, 'AUTH_LOGIN_REQUIRED');
    await expectError(env.a.del(`/api/messages/${id}`), 401, 'AUTH_LOGIN_REQUIRED');
  });

  it('a sender who left the room can no longer edit or delete (NOT_ROOM_MEMBER)', async () => {
    const r = await createRoomDirect(env.t.server, [alice.userId, dave.userId, bob.userId]);
    const [id] = await writeMessages(env.t, r, dave.userId, ['before leaving']);
    await removeMember(env.t, r, dave.userId);
    await refusedBoth(dave, daveS, id!, 403, 'NOT_ROOM_MEMBER');
    expect((await stored(id!)).content).toBe('before leaving');
  });

  it('only text messages are edited (MESSAGE_TYPE_INVALID for system notices and files)', async () => {
    const { view } = await env.t.server.writer.write({ roomId: room, senderId: alice.userId, content: 'notice', encrypted: false, type: 'system' });
    await expectError(put(alice, view.id, { content: 'forged' }), 400, 'MESSAGE_TYPE_INVALID');
    await expectAckError(aliceS, 'edit_message', { message_id: view.id, content: 'forged' }, 'MESSAGE_TYPE_INVALID');
  });

  it('a browser (cookie) needs the CSRF token', async () => {
    const jar = new CookieJar();
    const login = await env.a.post('/api/login', { username: alice.username, password: PASSWORD }, { jar });
    const id = await one();
    await expectError(env.a.put(`/api/messages/${id}`, { content: 'x' }, { jar }), 403, 'CSRF_INVALID');
    const ok = await env.a.put(`/api/messages/${id}`, { content: 'x' }, { jar, headers: { 'X-CSRFToken': login.body.csrf_token } });
    expect(ok.status).toBe(200);
  });
});
