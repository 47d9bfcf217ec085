import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { messagesResponseSchema } from '../../protocol/rest/messages.ts';
import { api } from '../helpers/http.ts';
import { useServer } from '../helpers/suite.ts';
import { createRoomDirect } from '../helpers/rooms.ts';
import { emitAck } from '../helpers/socket.ts';
import { type User, closeSockets, expectError, removeMember, socketOf, users, writeMany, writeMessages } from './fixture.ts';

const env = useServer();
let alice: User, bob: User, dave: User, outsider: User;
beforeAll(async () => {
  [alice, bob, dave, outsider] = (await users(env.a, 4)) as [User, User, User, User];
});
afterAll(() => closeSockets());

async function page(u: User, roomId: number | string, qs = '') {
  const res = await env.a.get(`/api/rooms/${roomId}/messages${qs}`, { token: u.accessToken });
  if (res.status === 200) messagesResponseSchema.parse(res.body);
  return res;
}
const idsOf = (res: { body: { messages: Array<{ id: number }> } }) => res.body.messages.map((m) => m.id);

describe('GET /api/rooms/:id/messages paging', () => {
  let room: number;
  let ids: number[];
  beforeAll(async () => {
    room = await createRoomDirect(env.t.server, [alice.userId, bob.userId]);
    ids = await writeMany(env.t, room, alice.userId, 210);
  });

  it('answers the latest 50 by default, ascending by id', async () => {
    const res = await page(bob, room);
    expect(res.status).toBe(200);
    expect(idsOf(res)).toEqual(ids.slice(-50));
  });

  it('clamps limit to 1..200 and falls back to 50 for junk', async () => {
    expect(idsOf(await page(bob, room, '?limit=0'))).toEqual(ids.slice(-1));
    expect(idsOf(await page(bob, room, '?limit=-3'))).toEqual(ids.slice(-1));
    expect(idsOf(await page(bob, room, '?limit=999'))).toEqual(ids.slice(-200));
    expect(idsOf(await page(bob, room, '?limit=abc'))).toEqual(ids.slice(-50));
    expect(idsOf(await page(bob, room, '?limit=7'))).toEqual(ids.slice(-7));
  });

  it('pages backwards with before_id until the start, without gaps or repeats', async () => {
    const seen: number[] = [];
    let before = '';
    for (;;) {
      const got = idsOf(await page(bob, room, `?limit=80&include_meta=0${before}`));
      if (got.length === 0) break;
      seen.unshift(...got);
      before = `&before_id=${got[0]}`;
    }
    expect(seen).toEqual(ids);
  });

  it('catches up with after_id: the first `limit` above it, ascending; combinable with before_id', async () => {
    expect(idsOf(await page(bob, room, `?after_id=${ids[10]}&limit=5`))).toEqual(ids.slice(11, 16));
    expect(idsOf(await page(bob, room, `?after_id=${ids[10]}&before_id=${ids[13]}`))).toEqual(ids.slice(11, 13));
    expect(idsOf(await page(bob, room, `?after_id=${ids.at(-1)}`))).toEqual([]);
    // Junk ids are ignored, as the origin's int parsing did.
    expect(idsOf(await page(bob, room, '?after_id=x&before_id=-4&limit=3'))).toEqual(ids.slice(-3));
  });

  it('includes members and the unwrapped room key by default and for 1/true/yes, not for 0 (origin test_messages_api_params)', async () => {
    const s = env.t.server;
    const stored = (await s.db.execute({ sql: 'SELECT encryption_key FROM rooms WHERE id = ?', args: [room] })).rows[0]!.encryption_key;
    for (const qs of ['?limit=10', '?include_meta=1', '?include_meta=true', '?include_meta=YES']) {
      const res = await page(bob, room, qs);
      expect(res.body.encryption_key).toBe(s.roomKeys.unwrap(String(stored)));
      expect(res.body.encryption_key).toHaveLength(44);
      expect(res.body.members.map((m: { id: number }) => m.id).sort()).toEqual([alice.userId, bob.userId].sort());
    }
    expect(idsOf(await page(bob, room, '?limit=10'))).toHaveLength(10);
    for (const qs of ['?limit=30&include_meta=0', '?include_meta=false', '?include_meta=no']) {
      const res = await page(bob, room, qs);
      expect(res.body).not.toHaveProperty('members');
      expect(res.body).not.toHaveProperty('encryption_key');
    }
    expect(idsOf(await page(bob, room, '?limit=30&include_meta=0'))).toHaveLength(30);
  });

  it('runs a constant number of queries whatever the page size (no N+1)', async () => {
    const s = env.t.server;
    // Every message on the page has reactions and a reply, the costly parts.
    await s.db.batch(ids.slice(-60).map((id) => ({ sql: 'INSERT INTO message_reactions (message_id, user_id, emoji) VALUES (?, ?, ?)', args: [id, bob.userId, '👍'] })), 'write');
    await writeMessages(env.t, room, bob.userId, ['reply'], ids.at(-1));
    const count = async (qs: string) => {
      await page(bob, room, qs); // warm caches (session state, membership)
      const exec = vi.spyOn(s.db, 'execute');
      const batch = vi.spyOn(s.db, 'batch');
      const res = await page(bob, room, qs);
      const n = exec.mock.calls.length + batch.mock.calls.length;
      exec.mockRestore();
      batch.mockRestore();
      expect(res.body.messages.slice(0, -1).every((m: { reactions: unknown[] }) => m.reactions.length === 1)).toBe(true);
      return n;
    };
    const small = await count('?limit=5');
    expect(await count('?limit=60')).toBe(small);
    expect(small).toBeLessThanOrEqual(5);
  });
});

describe('message items', () => {
  it('carry sender fields, and a reply preview joined from the same room only', async () => {
    const room = await createRoomDirect(env.t.server, [alice.userId, bob.userId]);
    const other = await createRoomDirect(env.t.server, [alice.userId, bob.userId, dave.userId]);
    const [original] = await writeMessages(env.t, room, bob.userId, ['the original']);
    const [reply] = await writeMessages(env.t, room, alice.userId, ['same-room reply'], original);
    // The writer trusts reply_to (send_message checks it); a cross-room reply must still show nothing.
    const [cross] = await writeMessages(env.t, other, alice.userId, ['cross-room reply'], original);

    const here = (await page(alice, room)).body.messages;
    const r = here.find((m: { id: number }) => m.id === reply);
    expect(r).toMatchObject({ reply_to: original, reply_content: 'the original', reply_sender: `Nick ${bob.username}` });
    expect(r).toMatchObject({ sender_id: alice.userId, sender_name: `Nick ${alice.username}`, sender_image: null, reactions: [] });
    const there = (await page(alice, other)).body.messages.find((m: { id: number }) => m.id === cross);
    expect(there).toMatchObject({ reply_to: original, reply_content: null, reply_sender: null });
  });

  it('count per-message unread members (sender excluded) from read pointers; reading the page moves none', async () => {
    const room = await createRoomDirect(env.t.server, [alice.userId, bob.userId, dave.userId]);
    const [m1, m2, m3] = await writeMessages(env.t, room, alice.userId, ['one', 'two', 'three']);
    const [m4] = await writeMessages(env.t, room, bob.userId, ['four']);
    const unread = async () => Object.fromEntries((await page(alice, room)).body.messages.map((m: { id: number; unread_count: number }) => [m.id, m.unread_count]));
    expect(await unread()).toEqual({ [m1!]: 2, [m2!]: 2, [m3!]: 2, [m4!]: 2 });

    // bob reads up to m2 over the socket; dave's pointer moves in the table.
    const bobSocket = await socketOf(env.t, bob);
    expect(await emitAck(bobSocket, 'message_read', { room_id: room, message_id: m2 })).toMatchObject({ ok: true });
    expect(await unread()).toEqual({ [m1!]: 1, [m2!]: 1, [m3!]: 2, [m4!]: 2 });
    await env.t.server.db.execute({ sql: 'UPDATE room_members SET last_read_message_id = ? WHERE room_id = ? AND user_id = ?', args: [m4!, room, dave.userId] });
    expect(await unread()).toEqual({ [m1!]: 0, [m2!]: 0, [m3!]: 1, [m4!]: 1 });

    const members = (await page(alice, room)).body.members as Array<{ id: number; last_read_message_id: number }>;
    expect(members.find((m) => m.id === alice.userId)?.last_read_message_id).toBe(0);
  });
});

describe('access', () => {
  it('is members only: 403 ROOM_ACCESS_DENIED for outsiders, unknown rooms and after leaving; 404 for malformed ids; 401 without auth', async () => {
    const room = await createRoomDirect(env.t.server, [alice.userId, bob.userId, dave.userId]);
    await writeMessages(env.t, room, alice.userId, ['secret']);
    await expectError(page(outsider, room), 403, 'ROOM_ACCESS_DENIED');
    await expectError(page(alice, 999_999), 403, 'ROOM_ACCESS_DENIED');
    for (const bad of ['abc', '0', '-1', '1.5', '1e3', '99999999999999999999']) {
      await expectError(page(alice, bad), 404, 'ROOM_NOT_FOUND');
    }
    await expectError(env.a.get(`/api/rooms/${room}/messages`), 401, 'AUTH_LOGIN_REQUIRED');
    expect((await page(dave, room)).status).toBe(200);
    await removeMember(env.t, room, dave.userId);
    await expectError(page(dave, room), 403, 'ROOM_ACCESS_DENIED');
  });
});
