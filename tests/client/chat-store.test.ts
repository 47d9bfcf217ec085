import type { Socket } from 'socket.io-client';
import { describe, expect, it, vi } from 'vitest';
import { t } from '../../client/src/i18n/index.ts';
import type { ServicesOptions } from '../../client/src/services.ts';
import { encryptV2 } from '../../protocol/crypto/index.ts';
import { api } from '../helpers/http.ts';
import { emitAck, nextEvent } from '../helpers/socket.ts';
import { useServer } from '../helpers/suite.ts';
import { type TestUser, createRoom, newUser, rawSocket, startClient, until } from './harness.ts';

const env = useServer();

async function client(user: TestUser, opts: ServicesOptions = {}) {
  return env.track(await startClient(env.t, user, opts));
}
async function raw(user: TestUser) {
  return env.track(await rawSocket(env.t, user));
}
let seq = 0;
async function say(sock: Socket, roomId: number, content: string, extra: Record<string, unknown> = {}): Promise<number> {
  const ack = await emitAck(sock, 'send_message', { room_id: roomId, content, encrypted: false, client_msg_id: `t${++seq}`, ...extra });
  if (!ack.ok) throw new Error(JSON.stringify(ack));
  return ack.message_id as number;
}
const sendCalls = (spy: { mock: { calls: unknown[][] } }, event: string) => spy.mock.calls.filter((c) => c[0] === event);

describe('ChatStore', () => {
  it('opens on the latest page with members and key, decrypts, and pages back with before_id', async () => {
    const [a, b] = [await newUser(env.t), await newUser(env.t)];
    const room = await createRoom(env.t, a, [b]);
    const bSock = await raw(b);
    for (let i = 1; i <= 55; i++) await say(bSock, room, `plain ${i}`);
    const cb = await client(b);
    await cb.services.chat.whenLoaded(room);
    await cb.services.sender.send(room, '암호문 하나');
    await until(() => expect(cb.services.sender.unsent.value).toBe(0));
    const forged = await say(bSock, room, 'v2:AAAAAAAAAAAAAAAAAAAAAA==:AAAAAAAAAAAAAAAAAAAAAA==:AAAAAAAAAAAAAAAAAAAAAA==:AAAA', { encrypted: true });

    const { services } = await client(a);
    const call = vi.spyOn(services.api, 'call');
    const messages = (query: object) => ['GET /api/rooms/:id/messages', { params: { id: room }, query }];
    const tl = services.chat.open(room);
    expect(services.chat.open(room)).toBe(tl);
    await services.chat.whenLoaded(room);
    expect(call.mock.calls).toEqual([messages({ limit: 50, include_meta: true })]);
    expect(tl.items.value).toHaveLength(50);
    expect(tl.hasOlder.value).toBe(true);
    expect(tl.members.value.map((m) => m.id).sort()).toEqual([a.userId, b.userId].sort());
    expect(tl.items.value.at(-2)).toMatchObject({ text: '암호문 하나', mine: false, senderId: b.userId });
    expect(tl.items.value.at(-1)).toMatchObject({ id: forged, text: t('chat.undecryptable') });
    expect(tl.items.value[0]!.text).toBe('plain 8');

    await services.chat.loadOlder(room);
    expect(call.mock.calls.at(-1)).toEqual(messages({ before_id: tl.items.value[7]!.id, limit: 50, include_meta: false }));
    const ids = tl.items.value.map((i) => i.id!);
    expect(ids).toHaveLength(57);
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    expect(tl.items.value[0]!.text).toBe('plain 1');
    expect(tl.hasOlder.value).toBe(false);
    await services.chat.loadOlder(room); // nothing older: no request
    expect(call).toHaveBeenCalledTimes(2);
  });

  it('applies edit, delete, reaction and read events to the one item concerned', async () => {
    const [a, b] = [await newUser(env.t), await newUser(env.t)];
    const room = await createRoom(env.t, a, [b]);
    const cb = await client(b);
    await cb.services.chat.whenLoaded(room);
    for (const text of ['one', 'two', 'three']) await cb.services.sender.send(room, text);
    await until(() => expect(cb.services.sender.unsent.value).toBe(0));
    const { services } = await client(a);
    const tl = services.chat.open(room);
    await services.chat.whenLoaded(room);
    const [one, two, three] = tl.items.value;
    expect([one, two, three].map((i) => i!.unreadCount)).toEqual([1, 1, 1]);

    // B edits (encrypted, through their client's key) over the socket.
    const bSock = await raw(b);
    const key = (await api(env.t.url).get(`/api/rooms/${room}/messages?limit=1`, { token: b.accessToken })).body.encryption_key as string;
    const edit = await emitAck(bSock, 'edit_message', { message_id: two!.id, content: await encryptV2('two (edited)', key), encrypted: true });
    expect(edit.ok).toBe(true);
    await until(() => expect(tl.items.value[1]!.text).toBe('two (edited)'));
    expect(tl.items.value[1]).toMatchObject({ key: two!.key, editedAt: edit.edited_at });
    expect(tl.items.value[0]).toBe(one);
    expect(tl.items.value[2]).toBe(three);

    await api(env.t.url).del(`/api/messages/${one!.id}`, undefined, { token: b.accessToken });
    await until(() => expect(tl.items.value[0]!.deleted).toBe(true));
    expect(tl.items.value[0]!.text).toBe(t('chat.deleted'));

    await api(env.t.url).post(`/api/messages/${three!.id}/reactions`, { emoji: '👍' }, { token: a.accessToken });
    await until(() => expect(tl.items.value[2]!.reactions).toEqual([{ emoji: '👍', count: 1, user_ids: [a.userId] }]));

    // B's messages count A as unread until A reads; A reading the second clears one and two only.
    await emitAck(await raw(a), 'message_read', { room_id: room, message_id: two!.id });
    await until(() => expect(tl.items.value.map((i) => i.unreadCount)).toEqual([0, 0, 1]));
    expect(tl.items.value).toHaveLength(3);
  });

  it('catches up after a reconnect without duplicates, with fresh read pointers', async () => {
    const [a, b] = [await newUser(env.t), await newUser(env.t)];
    const room = await createRoom(env.t, a, [b]);
    const bSock = await raw(b);
    await say(bSock, room, 'before');
    const { services } = await client(a);
    const tl = services.chat.open(room);
    await services.chat.whenLoaded(room);
    await services.sender.send(room, 'mine');
    await until(() => expect(services.sender.unsent.value).toBe(0));

    const socket = services.realtime.socket!;
    socket.disconnect();
    const missed = [await say(bSock, room, 'missed 1'), await say(bSock, room, 'missed 2'), await say(bSock, room, 'missed 3')];
    await emitAck(bSock, 'message_read', { room_id: room, message_id: missed[2] });
    expect(tl.items.value.map((i) => i.text)).toEqual(['before', 'mine']);
    expect(tl.items.value[1]!.unreadCount).toBe(1);

    socket.connect();
    await until(() => expect(tl.items.value.map((i) => i.text)).toEqual(['before', 'mine', 'missed 1', 'missed 2', 'missed 3']));
    expect(tl.items.value[1]!.unreadCount).toBe(0); // B's pointer moved while we were away
    await services.chat.catchUp();
    await services.chat.catchUp();
    expect(tl.items.value.map((i) => i.id)).toEqual([...new Set(tl.items.value.map((i) => i.id))]);
    expect(tl.items.value).toHaveLength(5);
  });

  it('sends message_read once per new message, and the server-side unread count drops', async () => {
    const [a, b] = [await newUser(env.t), await newUser(env.t)];
    const room = await createRoom(env.t, a, [b]);
    const bSock = await raw(b);
    await say(bSock, room, 'one');
    const second = await say(bSock, room, 'two');
    const { services } = await client(a);
    const serverUnread = async () =>
      (await api(env.t.url).get('/api/rooms', { token: a.accessToken })).body.find((r: { id: number }) => r.id === room).unread_count;
    expect(await serverUnread()).toBe(2);
    expect(services.rooms.byId(room)?.unread_count).toBe(2);
    const emit = vi.spyOn(services.realtime, 'emitAck');

    services.chat.open(room);
    await services.chat.whenLoaded(room);
    services.chat.markRead(room);
    services.chat.markRead(room);
    expect(sendCalls(emit, 'message_read')).toEqual([['message_read', { room_id: room, message_id: second }]]);
    await until(async () => expect(await serverUnread()).toBe(0));
    await until(() => expect(services.rooms.byId(room)?.unread_count).toBe(0));
    services.chat.markRead(room);
    expect(sendCalls(emit, 'message_read')).toHaveLength(1);

    const third = await say(bSock, room, 'three');
    await until(() => expect(services.chat.get(room)!.newestId()).toBe(third));
    services.chat.markRead(room);
    services.chat.markRead(room);
    expect(sendCalls(emit, 'message_read')).toEqual([
      ['message_read', { room_id: room, message_id: second }],
      ['message_read', { room_id: room, message_id: third }],
    ]);
    await until(async () => expect(await serverUnread()).toBe(0));
  });

  it('shows who is typing (never me), expires indicators, and debounces my own typing', async () => {
    const [a, b] = [await newUser(env.t), await newUser(env.t, '타자수')];
    const room = await createRoom(env.t, a, [b]);
    const { services } = await client(a, { typingExpiryMs: 300 });
    const tl = services.chat.open(room);
    await services.chat.whenLoaded(room);
    const bSock = await raw(b);
    const aOther = await raw(a);

    const started = nextEvent(bSock, 'user_typing', (e) => e.is_typing === true);
    services.chat.typing(room, true);
    services.chat.typing(room, true);
    expect(await started).toMatchObject({ room_id: room, user_id: a.userId, is_typing: true });
    const stopped = nextEvent(bSock, 'user_typing', (e) => e.is_typing === false);
    services.chat.typing(room, false);
    expect(await stopped).toMatchObject({ room_id: room, user_id: a.userId });

    // My other device typing is not shown to me; B is, until B's indicator expires by itself.
    await emitAck(aOther, 'typing', { room_id: room, is_typing: true });
    await emitAck(bSock, 'typing', { room_id: room, is_typing: true });
    await until(() => expect(tl.typing.value).toEqual([{ userId: b.userId, nickname: '타자수' }]));
    await until(() => expect(tl.typing.value).toEqual([]));
  });

  it('follows membership changes of an open room', async () => {
    const [a, b, c] = [await newUser(env.t), await newUser(env.t), await newUser(env.t)];
    const room = await createRoom(env.t, a, [b, c], 'grp');
    const { services } = await client(a);
    const tl = services.chat.open(room);
    await services.chat.whenLoaded(room);
    expect(tl.members.value).toHaveLength(3);
    const d = await newUser(env.t);
    await api(env.t.url).post(`/api/rooms/${room}/members`, { user_ids: [d.userId] }, { token: a.accessToken });
    await until(() => expect(tl.members.value.map((m) => m.id)).toContain(d.userId));
    await until(() => expect(services.rooms.byId(room)?.member_count).toBe(4));
  });
});
