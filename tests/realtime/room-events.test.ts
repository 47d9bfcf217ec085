import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { relayEventNames } from '../../protocol/events.ts';
import { type Api, api, registerAndLogin } from '../helpers/http.ts';
import { createRoomDirect } from '../helpers/rooms.ts';
import { startTestServer } from '../helpers/server.ts';
import { realtimeSuite, withServer } from '../helpers/suite.ts';
import { collect, connectSocket, emitAck, nextEvent, roundTrip } from '../helpers/socket.ts';

const { env, user } = realtimeSuite();

async function lastRead(roomId: number, userId: number): Promise<number> {
  const rs = await env.t.server.db.execute({ sql: 'SELECT last_read_message_id AS r FROM room_members WHERE room_id = ? AND user_id = ?', args: [roomId, userId] });
  return Number(rs.rows[0]!.r);
}

describe('message_read', () => {
  it('moves the read pointer forward only, and emits read_updated only on change', async () => {
    const [alice, bob] = [await user(), await user()];
    const roomId = await createRoomDirect(env.t.server, [alice.userId, bob.userId]);
    const m1 = (await emitAck(alice.socket, 'send_message', { room_id: roomId, content: 'one' })).message_id;
    const m2 = (await emitAck(alice.socket, 'send_message', { room_id: roomId, content: 'two' })).message_id;
    const updates = collect(alice.socket, 'read_updated');
    expect(await emitAck(bob.socket, 'message_read', { room_id: roomId, message_id: m2 })).toEqual({ ok: true, updated: true });
    expect(await lastRead(roomId, bob.userId)).toBe(m2);
    // Going back is ignored: no change, no event.
    expect(await emitAck(bob.socket, 'message_read', { room_id: roomId, message_id: m1 })).toEqual({ ok: true, updated: false });
    expect(await emitAck(bob.socket, 'message_read', { room_id: String(roomId), message_id: String(m2) })).toEqual({ ok: true, updated: false });
    expect(await lastRead(roomId, bob.userId)).toBe(m2);
    await roundTrip(alice.socket);
    expect(updates).toEqual([{ room_id: roomId, user_id: bob.userId, message_id: m2 }]);
  });

  it('refuses a message of another room, a non-member, and bad ids', async () => {
    const [alice, bob, eve] = [await user(), await user(), await user()];
    const roomId = await createRoomDirect(env.t.server, [alice.userId, bob.userId]);
    const other = await createRoomDirect(env.t.server, [alice.userId, eve.userId]);
    const foreign = (await emitAck(eve.socket, 'send_message', { room_id: other, content: 'x' })).message_id;
    const mine = (await emitAck(alice.socket, 'send_message', { room_id: roomId, content: 'x' })).message_id;
    expect((await emitAck(bob.socket, 'message_read', { room_id: roomId, message_id: foreign })).error_code).toBe('MESSAGE_ROOM_MISMATCH');
    expect((await emitAck(eve.socket, 'message_read', { room_id: roomId, message_id: mine })).error_code).toBe('ROOM_ACCESS_DENIED');
    expect((await emitAck(bob.socket, 'message_read', { room_id: roomId, message_id: -1 })).error_code).toBe('MESSAGE_ID_INVALID');
    expect((await emitAck(bob.socket, 'message_read', { room_id: 'x', message_id: mine })).error_code).toBe('ROOM_ID_INVALID');
    expect(await lastRead(roomId, bob.userId)).toBe(0);
  });
});

describe('typing', () => {
  it('relays a start to the others, throttles repeats, and never drops a stop', async () => {
    const [alice, bob] = [await user(), await user()];
    const roomId = await createRoomDirect(env.t.server, [alice.userId, bob.userId]);
    const seen = collect(bob.socket, 'user_typing');
    const mine = collect(alice.socket, 'user_typing');
    expect(await emitAck(alice.socket, 'typing', { room_id: roomId, is_typing: true })).toEqual({ ok: true, throttled: false });
    expect(await emitAck(alice.socket, 'typing', { room_id: roomId, is_typing: true })).toEqual({ ok: true, throttled: true });
    // The stop comes within the throttle window and still goes through.
    expect(await emitAck(alice.socket, 'typing', { room_id: roomId, is_typing: false })).toEqual({ ok: true, throttled: false });
    await roundTrip(bob.socket);
    expect(seen).toEqual([
      { room_id: roomId, user_id: alice.userId, nickname: `Nick ${alice.username}`, is_typing: true },
      { room_id: roomId, user_id: alice.userId, nickname: `Nick ${alice.username}`, is_typing: false },
    ]);
    await roundTrip(alice.socket);
    expect(mine).toEqual([]);
  });

  it('expires a start that is never stopped, and stops on disconnect', async () => {
    // Expiry: a second server whose typing expires after 150 ms, so the test does not wait 6 s.
    await withServer({ tuning: { typingExpiryMs: 150 } }, async (quick) => {
      const b = api(quick.url);
      const [alice, bob] = [await registerAndLogin(b), await registerAndLogin(b)];
      const [sa, sb] = [await connectSocket(quick.url, alice.accessToken), await connectSocket(quick.url, bob.accessToken)];
      try {
        const roomId = await createRoomDirect(quick.server, [alice.userId, bob.userId]);
        const stop = nextEvent(sb, 'user_typing', (e) => e.is_typing === false);
        await emitAck(sa, 'typing', { room_id: roomId, is_typing: true });
        expect(await stop).toMatchObject({ user_id: alice.userId, is_typing: false });
      } finally {
        sa.close();
        sb.close();
      }
    });
    const [alice, bob] = [await user(), await user()];
    const roomId = await createRoomDirect(env.t.server, [alice.userId, bob.userId]);
    await emitAck(alice.socket, 'typing', { room_id: roomId, is_typing: true });
    const onDisconnect = nextEvent(bob.socket, 'user_typing', (e) => e.is_typing === false);
    alice.socket.close();
    expect(await onDisconnect).toMatchObject({ user_id: alice.userId, is_typing: false });
  });

  it('refuses typing in a room the caller is not in, and a non-boolean flag', async () => {
    const [alice, bob, eve] = [await user(), await user(), await user()];
    const roomId = await createRoomDirect(env.t.server, [alice.userId, bob.userId]);
    expect((await emitAck(eve.socket, 'typing', { room_id: roomId, is_typing: true })).error_code).toBe('ROOM_ACCESS_DENIED');
    expect((await emitAck(alice.socket, 'typing', { room_id: roomId, is_typing: 'yes' })).error_code).toBe('TYPING_FLAG_NOT_BOOLEAN');
  });
});

describe('presence', () => {
  it('is online while any tab is connected, offline after the last one, announced to the user\'s rooms', async () => {
    const bob = await user();
    const alice = await registerAndLogin(env.a);
    await createRoomDirect(env.t.server, [alice.userId, bob.userId]);
    const statuses = collect(bob.socket, 'user_status');
    const tab1 = await connectSocket(env.t.url, alice.accessToken);
    const tab2 = await connectSocket(env.t.url, alice.accessToken);
    await roundTrip(bob.socket);
    const status = async () => (await env.a.get('/api/profile', { token: alice.accessToken })).body.status;
    expect(await status()).toBe('online');
    tab1.close();
    await roundTrip(tab2);
    await roundTrip(bob.socket);
    expect(await status()).toBe('online');
    const offline = nextEvent(bob.socket, 'user_status', (e) => e.status === 'offline');
    tab2.close();
    await offline;
    expect(await status()).toBe('offline');
    expect(statuses.filter((e) => e.user_id === alice.userId)).toEqual([
      { user_id: alice.userId, status: 'online' },
      { user_id: alice.userId, status: 'offline', last_seen_at: expect.stringMatching(/Z$/) },
    ]);
    const online = (await env.a.get('/api/users/online', { token: bob.accessToken })).body;
    expect(online.some((u: { id: number }) => u.id === alice.userId)).toBe(false);
  });

  it('starts with everyone offline (a crash cannot leave users "online")', async () => {
    // A server killed while a user was online leaves them 'online' in the table; the next start resets it.
    const first = await startTestServer({ keepData: true });
    const u = await registerAndLogin(api(first.url));
    await first.server.db.execute({ sql: "UPDATE users SET status = 'online' WHERE id = ?", args: [u.userId] });
    await first.close();
    await withServer({ dataDir: first.dataDir }, async (s) => {
      expect((await api(s.url).get('/api/profile', { token: u.accessToken })).body.status).toBe('offline');
    });
  });
});

describe('socket rooms', () => {
  it('subscribe_rooms joins only allowed rooms; join_room answers joined_room; leave_room stops delivery to that socket', async () => {
    const [alice, bob, eve] = [await user(), await user(), await user()];
    const roomId = await createRoomDirect(env.t.server, [alice.userId, bob.userId]);
    const sub = await emitAck(eve.socket, 'subscribe_rooms', { room_ids: [roomId, 'junk', -3] });
    expect(sub).toEqual({ ok: true, room_ids: [] });
    expect((await emitAck(eve.socket, 'join_room', { room_id: roomId })).error_code).toBe('ROOM_ACCESS_DENIED');

    const joined = nextEvent(bob.socket, 'joined_room');
    expect(await emitAck(bob.socket, 'join_room', { room_id: roomId })).toEqual({ ok: true, room_id: roomId });
    expect(await joined).toEqual({ room_id: roomId });
    expect(await emitAck(bob.socket, 'leave_room', { room_id: roomId })).toEqual({ ok: true, room_id: roomId });
    const bobSaw = collect(bob.socket, 'new_message');
    await emitAck(alice.socket, 'send_message', { room_id: roomId, content: 'while bob left the socket room' });
    await roundTrip(bob.socket);
    expect(bobSaw).toEqual([]);
    expect(await emitAck(bob.socket, 'subscribe_rooms', { room_ids: [roomId] })).toEqual({ ok: true, room_ids: [roomId] });
    const back = nextEvent(bob.socket, 'new_message');
    await emitAck(alice.socket, 'send_message', { room_id: roomId, content: 'again' });
    expect((await back).content).toBe('again');
  });

  it('refuses every origin relay event with EVENT_NOT_ALLOWED and relays nothing', async () => {
    const [alice, bob] = [await user(), await user()];
    const roomId = await createRoomDirect(env.t.server, [alice.userId, bob.userId]);
    const leaked: string[] = [];
    for (const name of relayEventNames) bob.socket.on(name, () => leaked.push(name));
    bob.socket.on('user_profile_updated', () => leaked.push('user_profile_updated'));
    for (const name of relayEventNames) {
      const ack = await emitAck(alice.socket, name, { room_id: roomId, name: 'spoofed', nickname: 'spoof', user_id: bob.userId });
      expect({ name, code: ack.error_code, ok: ack.ok }).toEqual({ name, code: 'EVENT_NOT_ALLOWED', ok: false });
    }
    // Without an ACK callback (as origin clients emit), the error event still answers.
    const err = nextEvent(alice.socket, 'error');
    alice.socket.emit('room_name_updated', { room_id: roomId, name: 'spoofed' });
    expect((await err).message_code).toBe('EVENT_NOT_ALLOWED');
    await roundTrip(bob.socket);
    expect(leaked).toEqual([]);
    const names = await env.t.server.db.execute({ sql: 'SELECT COUNT(*) AS n FROM messages WHERE room_id = ?', args: [roomId] });
    expect(names.rows[0]!.n).toBe(0);
  });

  it('localises socket errors by the handshake language', async () => {
    const u = await registerAndLogin(env.a);
    const en = await connectSocket(env.t.url, u.accessToken, { lang: 'en' });
    env.track(en);
    const ack = await emitAck(en, 'join_room', { room_id: 999999 });
    expect(ack).toMatchObject({ ok: false, error_code: 'ROOM_ACCESS_DENIED', error: '대화방 접근 권한이 없습니다.', error_localized: 'You do not have access to this room.' });
  });
});
