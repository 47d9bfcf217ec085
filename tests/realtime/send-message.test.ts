import type { Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { newMessageEventSchema, sendMessageAckSchema } from '../../protocol/events.ts';
import { api, registerAndLogin } from '../helpers/http.ts';
import { createRoomDirect } from '../helpers/rooms.ts';
import { roomChannel } from '../../server/realtime/channels.ts';
import { startTestServer } from '../helpers/server.ts';
import { realtimeSuite, withServer } from '../helpers/suite.ts';
import { collect, connectSocket, emitAck, nextEvent, roundTrip } from '../helpers/socket.ts';

const { env, user } = realtimeSuite();

describe('send_message', () => {
  it('delivers to every member socket (sender included) and never to a non-member', async () => {
    const [alice, bob, eve] = [await user(), await user(), await user()];
    const roomId = await createRoomDirect(env.t.server, [alice.userId, bob.userId]);
    const eveSaw = collect(eve.socket, 'new_message');
    const toBob = nextEvent(bob.socket, 'new_message');
    const toAlice = nextEvent(alice.socket, 'new_message');
    const ack = sendMessageAckSchema.parse(await emitAck(alice.socket, 'send_message', { room_id: roomId, content: 'hello bob', client_msg_id: 'c-1' }));
    expect(ack.ok).toBe(true);
    const got = newMessageEventSchema.parse(await toBob);
    expect(got).toMatchObject({ room_id: roomId, sender_id: alice.userId, content: 'hello bob', encrypted: 0, message_type: 'text', client_msg_id: 'c-1', unread_count: 1 });
    expect(ack.ok && got.id === ack.message_id).toBe(true);
    expect((await toAlice).id).toBe(got.id);
    expect(got.sender_name).toBe(`Nick ${alice.username}`);
    await roundTrip(eve.socket);
    expect(eveSaw).toEqual([]);
  });

  it('reaches a socket that connected a moment before: a client hears "connected" once it is in its rooms', async () => {
    const [alice, bob] = [await user(), await user()];
    const roomId = await createRoomDirect(env.t.server, [alice.userId, bob.userId]);
    // The user's rooms are read slowly (a busy server): the client must still hear "connected" only
    // once its socket is in them. Checked the moment each client is told (a member sent a message
    // right then must hear it: its catch-up may have run before the message).
    const { membership } = env.t.server;
    const read = membership.roomIds.bind(membership);
    membership.roomIds = async (userId) => (await new Promise((r) => setTimeout(r, 50)), read(userId));
    const inRoom = await Promise.all(
      Array.from({ length: 10 }, async () => {
        const s = env.track(await connectSocket(env.t.url, bob.accessToken));
        return { s, joined: env.t.server.io.of('/').adapter.rooms.get(roomChannel(roomId))?.has(s.id!) ?? false };
      }),
    ).finally(() => {
      membership.roomIds = read;
    });
    expect(inRoom.map((x) => x.joined)).toEqual(inRoom.map(() => true));
    const heard = inRoom.map(({ s }) => nextEvent<{ content: string }>(s, 'new_message'));
    await emitAck(alice.socket, 'send_message', { room_id: roomId, content: 'right after connect', client_msg_id: 'rac-1' });
    expect((await Promise.all(heard)).map((m) => m.content)).toEqual(inRoom.map(() => 'right after connect'));
  });

  it('is idempotent on client_msg_id: the resend gets the same id and no second broadcast', async () => {
    const [alice, bob] = [await user(), await user()];
    const roomId = await createRoomDirect(env.t.server, [alice.userId, bob.userId]);
    const seen = collect(bob.socket, 'new_message');
    const first = await emitAck(alice.socket, 'send_message', { room_id: roomId, content: 'once', client_msg_id: 'dup-1' });
    const again = await emitAck(alice.socket, 'send_message', { room_id: roomId, content: 'once', client_msg_id: 'dup-1' });
    expect(again).toEqual({ ok: true, message_id: first.message_id, duplicate: true });
    // Concurrent duplicates (same tick, same group commit) also collapse to one row.
    const burst = await Promise.all([1, 2, 3].map(() => emitAck(alice.socket, 'send_message', { room_id: roomId, content: 'burst', client_msg_id: 'dup-2' })));
    expect(new Set(burst.map((b) => b.message_id)).size).toBe(1);
    expect(burst.filter((b) => !b.duplicate)).toHaveLength(1);
    await roundTrip(bob.socket);
    expect(seen.map((m) => m.client_msg_id)).toEqual(['dup-1', 'dup-2']);
    const rows = await env.t.server.db.execute({ sql: 'SELECT COUNT(*) AS n FROM messages WHERE room_id = ?', args: [roomId] });
    expect(rows.rows[0]!.n).toBe(2);
    // The same client_msg_id from another sender is a different message.
    const fromBob = await emitAck(bob.socket, 'send_message', { room_id: roomId, content: 'mine', client_msg_id: 'dup-1' });
    expect(fromBob.message_id).not.toBe(first.message_id);
  });

  it('refuses bad payloads with an ACK error and an error event', async () => {
    const [alice, bob, eve] = [await user(), await user(), await user()];
    const roomId = await createRoomDirect(env.t.server, [alice.userId, bob.userId]);
    const otherRoom = await createRoomDirect(env.t.server, [eve.userId, bob.userId]);
    const { message_id: foreign } = await emitAck(eve.socket, 'send_message', { room_id: otherRoom, content: 'elsewhere' });
    const cases: Array<[unknown, string]> = [
      [{ room_id: String(roomId), content: 'x' }, 'ROOM_ID_INVALID'],
      [{ room_id: 0, content: 'x' }, 'ROOM_ID_INVALID'],
      [{ content: 'x' }, 'ROOM_ID_INVALID'],
      [{ room_id: roomId, content: 'x', type: 'system' }, 'MESSAGE_TYPE_INVALID'],
      [{ room_id: roomId, content: '   ' }, 'MESSAGE_CONTENT_REQUIRED'],
      [{ room_id: roomId, content: 'x'.repeat(10_001) }, 'MESSAGE_CONTENT_TOO_LONG'],
      [{ room_id: roomId, content: 'x', encrypted: 'yes' }, 'MESSAGE_ENCRYPTED_NOT_BOOLEAN'],
      [{ room_id: roomId, content: 'x', client_msg_id: 'c'.repeat(65) }, 'CLIENT_MSG_ID_INVALID'],
      [{ room_id: roomId, content: 'x', reply_to: foreign }, 'REPLY_TO_INVALID'],
      [{ room_id: otherRoom, content: 'not mine' }, 'ROOM_ACCESS_DENIED'],
      [{ room_id: roomId, type: 'file' }, 'UPLOAD_TOKEN_REQUIRED'],
      ['nonsense', 'REQUEST_INVALID_FORMAT'],
    ];
    for (const [payload, code] of cases) {
      const errorEvent = nextEvent(alice.socket, 'error');
      const ack = await emitAck(alice.socket, 'send_message', payload);
      expect({ payload, ack: { ok: ack.ok, code: ack.error_code } }).toEqual({ payload, ack: { ok: false, code } });
      expect(typeof ack.error).toBe('string');
      expect((await errorEvent).message_code).toBe(code);
    }
    // Ciphertext may be long; it is flagged encrypted by its prefix when the client omits the flag.
    const long = `v2:${'A'.repeat(150_000)}`;
    const ok = await emitAck(alice.socket, 'send_message', { room_id: roomId, content: long });
    expect(ok.ok).toBe(true);
    const row = await env.t.server.db.execute({ sql: 'SELECT encrypted FROM messages WHERE id = ?', args: [ok.message_id] });
    expect(row.rows[0]!.encrypted).toBe(1);
    // A reply within the room is fine and carries the preview.
    const first = await emitAck(alice.socket, 'send_message', { room_id: roomId, content: 'question?' });
    const replyEvent = nextEvent(alice.socket, 'new_message', (m) => m.reply_to === first.message_id);
    await emitAck(bob.socket, 'send_message', { room_id: roomId, content: 'answer', reply_to: first.message_id });
    expect(await replyEvent).toMatchObject({ reply_content: 'question?', reply_sender: `Nick ${alice.username}` });
  });

  it('group-commits concurrent sends: every ACKed message is stored once and broadcast once', async () => {
    const members = await Promise.all(Array.from({ length: 12 }, () => user()));
    const roomId = await createRoomDirect(env.t.server, members.map((m) => m.userId), { type: 'group' });
    const watcher = collect(members[0]!.socket, 'new_message');
    const before = { ...env.t.server.writer.stats };
    const acks = await Promise.all(
      members.flatMap((m, i) => [0, 1, 2, 3, 4].map((k) => emitAck(m.socket, 'send_message', { room_id: roomId, content: `m${i}-${k}`, client_msg_id: `g-${i}-${k}` }))),
    );
    expect(acks.every((x) => x.ok)).toBe(true);
    const ids = acks.map((x) => x.message_id);
    expect(new Set(ids).size).toBe(60);
    const stored = await env.t.server.db.execute({ sql: 'SELECT id FROM messages WHERE room_id = ? ORDER BY id', args: [roomId] });
    expect(stored.rows.map((r) => Number(r.id))).toEqual([...ids].sort((x, y) => x - y));
    await roundTrip(members[0]!.socket);
    expect(watcher.map((m) => m.id).sort((x, y) => x - y)).toEqual([...ids].sort((x, y) => x - y));
    const stats = env.t.server.writer.stats;
    // Fewer transactions than messages: sends arriving together shared a commit.
    expect(stats.batches - before.batches).toBeLessThan(60);
    expect(stats.maxBatch).toBeGreaterThan(1);
  });
});

describe('durability', () => {
  it('an ACKed message survives a server restart', async () => {
    const first = await startTestServer({ keepData: true });
    const b = api(first.url);
    const alice = await registerAndLogin(b);
    const bob = await registerAndLogin(b);
    const roomId = await createRoomDirect(first.server, [alice.userId, bob.userId]);
    const socket = await connectSocket(first.url, alice.accessToken);
    const ack = await emitAck(socket, 'send_message', { room_id: roomId, content: 'must survive', client_msg_id: 'durable-1' });
    expect(ack.ok).toBe(true);
    socket.close();
    await first.close();

    await withServer({ dataDir: first.dataDir }, async (second) => {
      const row = await second.server.db.execute({ sql: 'SELECT content, client_msg_id FROM messages WHERE id = ?', args: [ack.message_id] });
      expect(row.rows[0]).toMatchObject({ content: 'must survive', client_msg_id: 'durable-1' });
      // The resend after the restart is still recognised as the same message.
      const login = await api(second.url).post('/api/device-sessions', { username: alice.username, password: 'Password123!' });
      const again = await connectSocket(second.url, login.body.access_token);
      const resend = await emitAck(again, 'send_message', { room_id: roomId, content: 'must survive', client_msg_id: 'durable-1' });
      expect(resend).toEqual({ ok: true, message_id: ack.message_id, duplicate: true });
      again.close();
    });
  });
});
