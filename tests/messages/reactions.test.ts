import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reactionUpdatedEventSchema } from '../../protocol/events/server.ts';
import { reactionToggleResponseSchema, reactionsResponseSchema } from '../../protocol/rest/messages.ts';
import { api } from '../helpers/http.ts';
import { useServer } from '../helpers/suite.ts';
import { createRoomDirect } from '../helpers/rooms.ts';
import { collect, nextEvent, roundTrip } from '../helpers/socket.ts';
import { type User, closeSockets, expectError, removeMember, socketOf, users, writeMessages } from './fixture.ts';

const env = useServer();
let alice: User, bob: User, dave: User, outsider: User;
let sockets: Socket[];
let outsiderS: Socket;
let room: number;
beforeAll(async () => {
  [alice, bob, dave, outsider] = (await users(env.a, 4)) as [User, User, User, User];
  room = await createRoomDirect(env.t.server, [alice.userId, bob.userId, dave.userId]);
  sockets = await Promise.all([alice, bob, dave].map((u) => socketOf(env.t, u)));
  outsiderS = await socketOf(env.t, outsider);
});
afterAll(() => closeSockets());

const toggle = (u: User, id: number | string, emoji: unknown) => env.a.post(`/api/messages/${id}/reactions`, { emoji }, { token: u.accessToken });
const list = (u: User, id: number | string) => env.a.get(`/api/messages/${id}/reactions`, { token: u.accessToken });
const one = async () => (await writeMessages(env.t, room, alice.userId, ['react to me']))[0]!;

describe('reactions', () => {
  it('toggle adds and removes, aggregates per emoji in first-use order, and GET answers the same list', async () => {
    const id = await one();
    const r1 = await toggle(alice, id, '👍');
    expect(r1.status).toBe(200);
    expect(reactionToggleResponseSchema.parse(r1.body)).toEqual({ success: true, action: 'added', reactions: [{ emoji: '👍', count: 1, user_ids: [alice.userId] }] });
    await toggle(bob, id, '👍');
    await toggle(bob, id, '❤️');
    const r4 = await toggle(alice, id, ' 👍 '); // trimmed: the same emoji
    expect(r4.body).toEqual({
      success: true,
      action: 'removed',
      reactions: [
        { emoji: '👍', count: 1, user_ids: [bob.userId] },
        { emoji: '❤️', count: 1, user_ids: [bob.userId] },
      ],
    });
    const got = await list(dave, id);
    expect(got.status).toBe(200);
    expect(reactionsResponseSchema.parse(got.body)).toEqual(r4.body.reactions);
    // The history page carries the same aggregation.
    const page = await env.a.get(`/api/rooms/${room}/messages?include_meta=0`, { token: dave.accessToken });
    expect(page.body.messages.find((m: { id: number }) => m.id === id).reactions).toEqual(r4.body.reactions);
  });

  it('emits reaction_updated {room_id, message_id, reactions} to the room only', async () => {
    const id = await one();
    const leaked = collect(outsiderS, 'reaction_updated');
    const heard = Promise.all(sockets.map((s) => nextEvent(s, 'reaction_updated', (p: { message_id: number }) => p.message_id === id)));
    const res = await toggle(dave, id, '🎉');
    for (const e of await heard) {
      expect(reactionUpdatedEventSchema.parse(e)).toEqual({ room_id: room, message_id: id, reactions: res.body.reactions });
    }
    const removed = nextEvent(sockets[0]!, 'reaction_updated', (p: { message_id: number }) => p.message_id === id);
    await toggle(dave, id, '🎉');
    expect(await removed).toEqual({ room_id: room, message_id: id, reactions: [] });
    await roundTrip(outsiderS);
    expect(leaked).toEqual([]);
  });

  it('two concurrent toggles by one user end consistent: one added, one removed', async () => {
    const id = await one();
    const both = await Promise.all([toggle(bob, id, '👀'), toggle(bob, id, '👀')]);
    expect(both.map((r) => r.body.action).sort()).toEqual(['added', 'removed']);
    expect((await list(bob, id)).body).toEqual([]);
  });

  it('validates the emoji: 1–10 code points after trimming, a string', async () => {
    const id = await one();
    expect((await toggle(alice, id, '👍'.repeat(10))).status).toBe(200);
    for (const bad of ['', '   ', '👍'.repeat(11), 'abcdefghijk', 5, null]) {
      await expectError(toggle(alice, id, bad), 400, 'REACTION_EMOJI_INVALID');
    }
    await expectError(env.a.post(`/api/messages/${id}/reactions`, {}, { token: alice.accessToken }), 400, 'REACTION_EMOJI_INVALID');
  });

  it('refuses non-members (403 ROOM_ACCESS_DENIED), unknown/malformed ids (404), no auth (401)', async () => {
    const id = await one();
    await expectError(toggle(outsider, id, '👍'), 403, 'ROOM_ACCESS_DENIED');
    await expectError(list(outsider, id), 403, 'ROOM_ACCESS_DENIED');
    for (const bad of ['99999999', 'abc', '0']) {
      await expectError(toggle(alice, bad, '👍'), 404, 'MESSAGE_NOT_FOUND');
      await expectError(list(alice, bad), 404, 'MESSAGE_NOT_FOUND');
    }
    await expectError(env.a.post(`/api/messages/${id}/reactions`, { emoji: '👍' }), 401, 'AUTH_LOGIN_REQUIRED');
    await expectError(env.a.get(`/api/messages/${id}/reactions`), 401, 'AUTH_LOGIN_REQUIRED');
  });

  it('a member who left can neither react nor read reactions', async () => {
    const r = await createRoomDirect(env.t.server, [alice.userId, bob.userId, dave.userId]);
    const [id] = await writeMessages(env.t, r, alice.userId, ['hi']);
    expect((await toggle(dave, id!, '👍')).body.action).toBe('added');
    await removeMember(env.t, r, dave.userId);
    await expectError(toggle(dave, id!, '👍'), 403, 'ROOM_ACCESS_DENIED');
    await expectError(list(dave, id!), 403, 'ROOM_ACCESS_DENIED');
  });

  it('a deleted message is frozen: toggling is MESSAGE_DELETED, its reactions stay readable', async () => {
    const id = await one();
    await toggle(bob, id, '👍');
    expect((await env.a.del(`/api/messages/${id}`, undefined, { token: alice.accessToken })).status).toBe(200);
    await expectError(toggle(bob, id, '👍'), 409, 'MESSAGE_DELETED');
    await expectError(toggle(dave, id, '😮'), 409, 'MESSAGE_DELETED');
    expect((await list(dave, id)).body).toEqual([{ emoji: '👍', count: 1, user_ids: [bob.userId] }]);
  });
});
