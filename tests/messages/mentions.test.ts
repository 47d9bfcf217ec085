import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messagesResponseSchema } from '../../protocol/rest/messages.ts';
import { roomListResponseSchema } from '../../protocol/rest/rooms.ts';
import { createRoomDirect } from '../helpers/rooms.ts';
import { emitAck, nextEvent } from '../helpers/socket.ts';
import { useServer } from '../helpers/suite.ts';
import { type User, closeSockets, expectAckError, removeMember, socketOf, users } from './fixture.ts';

const env = useServer();
let alice: User, bob: User, carol: User, outsider: User;
let room: number;
beforeAll(async () => {
  [alice, bob, carol, outsider] = (await users(env.a, 4)) as [User, User, User, User];
  room = await createRoomDirect(env.t.server, [alice.userId, bob.userId, carol.userId], { type: 'group' });
});
afterAll(() => closeSockets());

const roomsOf = async (u: User) => roomListResponseSchema.parse((await env.a.get('/api/rooms', { token: u.accessToken })).body);
const unreadMentions = async (u: User) => (await roomsOf(u)).find((r) => r.id === room)?.unread_mentions;

describe('mentions', () => {
  it('are stored as member ids (others dropped), carried by new_message and history, in clear for encrypted text', async () => {
    const s = await socketOf(env.t, alice);
    const heard = nextEvent(await socketOf(env.t, bob), 'new_message');
    const cipher = 'v2:c2FsdA==:aXY=:Y2lwaGVy:aG1hYw==';
    const ack = await emitAck(s, 'send_message', { room_id: room, content: cipher, encrypted: true, mentions: [bob.userId, outsider.userId, bob.userId] });
    expect(ack).toMatchObject({ ok: true });
    expect(await heard).toMatchObject({ id: ack.message_id, content: cipher, encrypted: 1, mentions: [bob.userId] });
    const page = messagesResponseSchema.parse((await env.a.get(`/api/rooms/${room}/messages`, { token: bob.accessToken })).body);
    expect(page.messages.find((m) => m.id === ack.message_id)?.mentions).toEqual([bob.userId]);
    const plain = await emitAck(s, 'send_message', { room_id: room, content: 'no one', encrypted: false });
    const again = messagesResponseSchema.parse((await env.a.get(`/api/rooms/${room}/messages`, { token: bob.accessToken })).body);
    const plainItem = again.messages.find((m) => m.id === plain.message_id);
    expect(plainItem).toBeDefined();
    expect(plainItem).not.toHaveProperty('mentions');
  });

  it('refuses a malformed list', async () => {
    const s = await socketOf(env.t, alice);
    for (const mentions of ['1', [0], ['2'], [1.5], Array.from({ length: 51 }, (_, i) => i + 1)]) {
      await expectAckError(s, 'send_message', { room_id: room, content: 'hi', encrypted: false, mentions }, 'MENTIONS_INVALID');
    }
  });

  it('count as unread mentions in the room list until read, for the mentioned member only', async () => {
    const s = await socketOf(env.t, alice);
    const before = await unreadMentions(carol);
    const ack = await emitAck(s, 'send_message', { room_id: room, content: '@carol look', encrypted: false, mentions: [carol.userId] });
    expect(await unreadMentions(carol)).toBe((before ?? 0) + 1);
    expect(await unreadMentions(alice)).toBe(0);
    const cs = await socketOf(env.t, carol);
    expect(await emitAck(cs, 'message_read', { room_id: room, message_id: ack.message_id })).toMatchObject({ ok: true });
    expect(await unreadMentions(carol)).toBe(0);
  });

  it('follow an edit: given ones replace the old (members only, in message_edited and history), absent ones stay', async () => {
    const s = await socketOf(env.t, alice);
    const page = async () => messagesResponseSchema.parse((await env.a.get(`/api/rooms/${room}/messages`, { token: bob.accessToken })).body);
    const [bobBefore, carolBefore] = [(await unreadMentions(bob))!, (await unreadMentions(carol))!];
    const ack = await emitAck(s, 'send_message', { room_id: room, content: '@bob hi', encrypted: false, mentions: [bob.userId] });
    expect(await unreadMentions(bob)).toBe(bobBefore + 1);

    // Only the sender edits: bob's attempt changes no mention.
    await expectAckError(await socketOf(env.t, bob), 'edit_message', { message_id: ack.message_id, content: 'x', encrypted: false, mentions: [] }, 'MESSAGE_EDIT_FORBIDDEN');
    expect(await unreadMentions(bob)).toBe(bobBefore + 1);

    const heard = nextEvent(await socketOf(env.t, bob), 'message_edited');
    const edited = await emitAck(s, 'edit_message', { message_id: ack.message_id, content: '@carol hi', encrypted: false, mentions: [carol.userId, outsider.userId] });
    expect(edited).toMatchObject({ ok: true });
    expect(await heard).toMatchObject({ message_id: ack.message_id, content: '@carol hi', mentions: [carol.userId] });
    expect(await unreadMentions(bob)).toBe(bobBefore);
    expect(await unreadMentions(carol)).toBe(carolBefore + 1);
    expect((await page()).messages.find((m) => m.id === ack.message_id)?.mentions).toEqual([carol.userId]);

    // An edit without mentions (an origin client's) keeps them, and its event says nothing of them.
    const kept = nextEvent(await socketOf(env.t, bob), 'message_edited');
    expect((await env.a.put(`/api/messages/${ack.message_id}`, { content: '@carol hello', encrypted: false }, { token: alice.accessToken })).status).toBe(200);
    expect(await kept).not.toHaveProperty('mentions');
    expect(await unreadMentions(carol)).toBe(carolBefore + 1);
    expect((await page()).messages.find((m) => m.id === ack.message_id)?.mentions).toEqual([carol.userId]);

    // An empty list clears them.
    const cleared = nextEvent(await socketOf(env.t, bob), 'message_edited');
    expect((await env.a.put(`/api/messages/${ack.message_id}`, { content: 'hello all', encrypted: false, mentions: [] }, { token: alice.accessToken })).status).toBe(200);
    expect(await cleared).toMatchObject({ mentions: [] });
    expect(await unreadMentions(carol)).toBe(carolBefore);
    expect((await page()).messages.find((m) => m.id === ack.message_id)).not.toHaveProperty('mentions');
    const rows = await env.t.server.db.execute({ sql: 'SELECT user_id FROM message_mentions WHERE message_id = ?', args: [ack.message_id] });
    expect(rows.rows).toEqual([]);
  });

  it('a deleted message no longer counts; a member removed before the write is not recorded', async () => {
    const s = await socketOf(env.t, alice);
    const ack = await emitAck(s, 'send_message', { room_id: room, content: 'hey bob', encrypted: false, mentions: [bob.userId] });
    expect(await unreadMentions(bob)).toBeGreaterThan(0);
    const n = await unreadMentions(bob);
    expect((await env.a.del(`/api/messages/${ack.message_id}`, undefined, { token: alice.accessToken })).status).toBe(200);
    expect(await unreadMentions(bob)).toBe(n! - 1);
    await removeMember(env.t, room, carol.userId);
    const gone = await emitAck(s, 'send_message', { room_id: room, content: 'carol?', encrypted: false, mentions: [carol.userId] });
    const rows = await env.t.server.db.execute({ sql: 'SELECT user_id FROM message_mentions WHERE message_id = ?', args: [gone.message_id] });
    expect(rows.rows).toEqual([]);
  });
});
