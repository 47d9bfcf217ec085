import { describe, expect, it } from 'vitest';
import { roomInfoResponseSchema, roomKeysResponseSchema, roomListResponseSchema } from '../../protocol/rest/rooms.ts';
import { useServer } from '../helpers/suite.ts';
import { type User, as, createRoom, expectError, sendText, user } from './fixtures.ts';

const env = useServer();

async function rooms(u: User, query = '') {
  const res = await env.a.get(`/api/rooms${query}`, as(u));
  expect(res.status).toBe(200);
  // Every item matches the contract, and the wrapped key never leaves the server.
  roomListResponseSchema.parse(res.body);
  for (const r of res.body) expect(r).not.toHaveProperty('encryption_key');
  return res.body as any[];
}

const write = (roomId: number, sender: User, fields: { type: 'file' | 'image' | 'system'; content: string; fileName?: string }) =>
  env.t.server.writer.write({ roomId, senderId: sender.userId, encrypted: false, ...fields });

describe('GET /api/rooms', () => {
  it('omits members of groups by default; encrypted last message → preview only (test_rooms_payload_members_default_excluded_and_preview_present)', async () => {
    const [a, b, c] = [await user(env), await user(env), await user(env)];
    const roomId = await createRoom(env, a, [b, c], 'G');
    await sendText(env, roomId, b, 'v2:Zm9v:YmFy:YmF6:cXV4', true);
    const room = (await rooms(a)).find((r) => r.id === roomId);
    expect(room.type).toBe('group');
    expect(room).not.toHaveProperty('members');
    expect(room).not.toHaveProperty('partner');
    expect(room.last_message_preview).toBe('[암호화된 메시지]');
    expect(room.last_message).toBeNull();
    expect(room.last_message_encrypted).toBe(1);
    expect(room.member_count).toBe(3);
    // New: the ciphertext travels so that the client can decrypt the preview itself.
    expect(room.last_message_ciphertext).toBe('v2:Zm9v:YmFy:YmF6:cXV4');
    expect(room.last_message_id).toBeGreaterThan(0);

    for (const flag of ['1', 'true', 'yes']) {
      const withMembers = (await rooms(a, `?include_members=${flag}`)).find((r) => r.id === roomId);
      expect(withMembers.members.map((m: any) => m.id)).toEqual([a.userId, b.userId, c.userId].sort((x, y) => x - y));
      expect(withMembers.members[0]).toMatchObject({ room_id: roomId, status: expect.any(String) });
    }
    expect((await rooms(a, '?include_members=0')).find((r) => r.id === roomId)).not.toHaveProperty('members');
  });

  it('names a direct room after the partner and carries partner, never members', async () => {
    const [a, b] = [await user(env), await user(env)];
    const roomId = await createRoom(env, a, [b], 'ignored for direct rooms');
    for (const query of ['', '?include_members=1']) {
      const room = (await rooms(a, query)).find((r) => r.id === roomId);
      expect(room.type).toBe('direct');
      expect(room.name).toBe(b.nickname);
      expect(room.partner).toEqual({ room_id: roomId, id: b.userId, nickname: b.nickname, profile_image: null, status: expect.any(String), last_seen_at: null });
      expect(room).not.toHaveProperty('members');
    }
    expect((await rooms(b)).find((r) => r.id === roomId).partner.id).toBe(a.userId);
  });

  it('counts unread messages after the read pointer that others sent', async () => {
    const [a, b] = [await user(env), await user(env)];
    const roomId = await createRoom(env, a, [b], 'U');
    const m1 = await sendText(env, roomId, b, 'one');
    await sendText(env, roomId, a, 'mine');
    await sendText(env, roomId, b, 'two');
    await sendText(env, roomId, b, 'three');
    expect((await rooms(a)).find((r) => r.id === roomId)).toMatchObject({ unread_count: 3, last_read_message_id: 0 });
    expect((await rooms(b)).find((r) => r.id === roomId).unread_count).toBe(1);
    await env.t.server.db.execute({
      sql: 'UPDATE room_members SET last_read_message_id = ? WHERE room_id = ? AND user_id = ?',
      args: [m1.id, roomId, a.userId],
    });
    expect((await rooms(a)).find((r) => r.id === roomId)).toMatchObject({ unread_count: 2, last_read_message_id: m1.id });
  });

  it('previews every kind of last message with the origin strings', async () => {
    const [a, b] = [await user(env), await user(env)];
    const roomId = await createRoom(env, a, [b], 'P');
    const last = async () => (await rooms(a)).find((r) => r.id === roomId);
    expect(await last()).toMatchObject({ last_message_preview: '새 대화', last_message: null, last_message_type: null, last_message_time: null });

    expect(await last()).toMatchObject({ last_message_id: null, last_message_ciphertext: null });

    const short = await sendText(env, roomId, b, '짧은 메시지');
    expect(await last()).toMatchObject({ last_message_preview: '짧은 메시지', last_message: '짧은 메시지', last_message_type: 'text', last_message_encrypted: 0 });
    expect(await last()).toMatchObject({ last_message_id: short.id, last_message_ciphertext: null });

    const long = '가나다라마바사아자차카타파하'.repeat(2); // 28 code points
    await sendText(env, roomId, b, long);
    expect((await last()).last_message_preview).toBe(`${[...long].slice(0, 25).join('')}...`);
    const emoji = '😀'.repeat(25); // 25 code points, 50 UTF-16 units: not cut
    await sendText(env, roomId, b, emoji);
    expect((await last()).last_message_preview).toBe(emoji);

    await write(roomId, b, { type: 'image', content: 'photo.png', fileName: 'photo.png' });
    expect(await last()).toMatchObject({ last_message_preview: '[사진]', last_message_type: 'image', last_message_file_name: 'photo.png' });
    await write(roomId, b, { type: 'file', content: '보고서.pdf', fileName: '보고서.pdf' });
    expect((await last()).last_message_preview).toBe('보고서.pdf');
    await write(roomId, b, { type: 'file', content: '' });
    expect((await last()).last_message_preview).toBe('[파일]');
    await write(roomId, b, { type: 'system', content: '시스템 안내 메시지입니다. 이 문장은 스물다섯 글자보다 깁니다.' });
    expect((await last()).last_message_preview).toBe('시스템 안내 메시지입니다. 이 문장은 스물다섯...');
  });

  it('previews in the caller\'s language', async () => {
    const [a, b] = [await user(env), await user(env)];
    const roomId = await createRoom(env, a, [b], 'L');
    const inEnglish = async () =>
      (await env.a.get('/api/rooms', { token: a.accessToken, headers: { 'accept-language': 'en-US' } })).body.find((r: { id: number }) => r.id === roomId);
    expect((await inEnglish()).last_message_preview).toBe('New conversation');
    await write(roomId, b, { type: 'image', content: 'p.png', fileName: 'p.png' });
    expect((await inEnglish()).last_message_preview).toBe('[Photo]');
    await sendText(env, roomId, b, 'v2:abc', true);
    expect((await inEnglish()).last_message_preview).toBe('[Encrypted message]');
  });

  it('orders pinned first, then rooms with messages by last message time, then empty rooms', async () => {
    const [a, b] = [await user(env), await user(env)];
    const empty = await createRoom(env, a, [], 'empty');
    const older = await createRoom(env, a, [b], 'older');
    const newer = await createRoom(env, a, [], 'newer');
    const pinned = await createRoom(env, a, [], 'pinned');
    await sendText(env, older, a, '1');
    await sendText(env, newer, a, '2');
    expect((await env.a.post(`/api/rooms/${pinned}/pin-room`, {}, as(a))).status).toBe(200);
    expect((await rooms(a)).map((r) => r.id)).toEqual([pinned, newer, older, empty]);
    await sendText(env, older, b, '3');
    expect((await rooms(a)).map((r) => r.id)).toEqual([pinned, older, newer, empty]);
  });

  it('uses a constant number of queries whatever the number of rooms', async () => {
    const db = env.t.server.db;
    const [few, many, peer, peer2] = [await user(env), await user(env), await user(env), await user(env)];
    await createRoom(env, few, [peer], 'one');
    for (let i = 0; i < 6; i++) {
      const id = await createRoom(env, many, [peer, peer2], `g${i}`);
      await sendText(env, id, peer, `m${i}`);
    }
    await createRoom(env, many, [peer]); // a direct room too
    const count = async (u: User) => {
      await rooms(u, '?include_members=1'); // warm the session cache
      let n = 0;
      const { execute, batch } = db;
      db.execute = ((...args: Parameters<typeof execute>) => (n++, execute.apply(db, args))) as typeof execute;
      db.batch = ((...args: Parameters<typeof batch>) => (n++, batch.apply(db, args))) as typeof batch;
      try {
        const list = await rooms(u, '?include_members=1');
        return { n, rooms: list.length };
      } finally {
        db.execute = execute;
        db.batch = batch;
      }
    };
    const small = await count(few);
    const big = await count(many);
    expect([small.rooms, big.rooms]).toEqual([1, 7]);
    expect(big.n).toBe(small.n);
    expect(big.n).toBeLessThanOrEqual(2);
  });
});

describe('GET /api/rooms/keys', () => {
  it("gives the keys of the caller's rooms only, the same the messages meta gives", async () => {
    const [a, b, outsider] = [await user(env), await user(env), await user(env)];
    const group = await createRoom(env, a, [b, outsider], 'keys');
    const direct = await createRoom(env, a, [b]);
    const elsewhere = await createRoom(env, outsider, [b], 'not mine');
    const res = await env.a.get('/api/rooms/keys', as(a));
    expect(res.status).toBe(200);
    const { keys } = roomKeysResponseSchema.parse(res.body);
    expect(keys.map((k) => k.room_id)).toEqual([group, direct].sort((x, y) => x - y));
    expect(keys.map((k) => k.room_id)).not.toContain(elsewhere);
    for (const { room_id, encryption_key } of keys) {
      const meta = await env.a.get(`/api/rooms/${room_id}/messages?limit=1`, as(a));
      expect(encryption_key).toMatch(/^[A-Za-z0-9+/]{43}=$/);
      expect(encryption_key).toBe(meta.body.encryption_key);
    }
    // Someone in no room gets an empty list; nobody gets anything anonymously.
    expect((await env.a.get('/api/rooms/keys', as(await user(env)))).body).toEqual({ keys: [] });
    expectError(await env.a.get('/api/rooms/keys'), 401, 'AUTH_LOGIN_REQUIRED');
  });
});

describe('GET /api/rooms/:id/info', () => {
  it('gives members with read state and settings, and no key', async () => {
    const [a, b] = [await user(env), await user(env)];
    const roomId = await createRoom(env, a, [b], '정보');
    await env.a.post(`/api/rooms/${roomId}/mute`, {}, as(b));
    const res = await env.a.get(`/api/rooms/${roomId}/info`, as(a));
    expect(res.status).toBe(200);
    const info = roomInfoResponseSchema.parse(res.body);
    expect(res.body).not.toHaveProperty('encryption_key');
    expect(info).toMatchObject({ id: roomId, name: '정보', type: 'direct', created_by: a.userId });
    expect(info.members.find((m) => m.id === b.userId)).toMatchObject({ nickname: b.nickname, muted: 1, pinned: 0, last_read_message_id: 0 });
  });

  it('answers 403 to non-members whether or not the room exists, 404 to malformed ids', async () => {
    const [a, outsider] = [await user(env), await user(env)];
    const roomId = await createRoom(env, a, [], 'secret');
    expectError(await env.a.get(`/api/rooms/${roomId}/info`, as(outsider)), 403, 'ROOM_ACCESS_DENIED');
    expectError(await env.a.get('/api/rooms/987654321/info', as(outsider)), 403, 'ROOM_ACCESS_DENIED');
    for (const bad of ['abc', '0', '-1', '1.5', '99999999999999999999']) {
      expectError(await env.a.get(`/api/rooms/${bad}/info`, as(a)), 404, 'ROOM_NOT_FOUND');
    }
    expectError(await env.a.get(`/api/rooms/${roomId}/info`), 401, 'AUTH_LOGIN_REQUIRED');
  });
});
