import { describe, expect, it, vi } from 'vitest';
import { t } from '../../client/src/i18n/index.ts';
import { api } from '../helpers/http.ts';
import { emitAck } from '../helpers/socket.ts';
import { useServer } from '../helpers/suite.ts';
import { type TestUser, createRoom, newUser, rawSocket, startClient, until } from './harness.ts';

const env = useServer();

async function client(user: TestUser) {
  return env.track(await startClient(env.t, user));
}
async function raw(user: TestUser) {
  return env.track(await rawSocket(env.t, user));
}
const subscribeCalls = (spy: { mock: { calls: unknown[][] } }) => spy.mock.calls.filter((c) => c[0] === 'subscribe_rooms');

describe('RoomsStore', () => {
  it('re-publishes the list only when it changed, and subscribes only when the set of rooms changed', async () => {
    const [a, b, c] = [await newUser(env.t), await newUser(env.t), await newUser(env.t)];
    const r1 = await createRoom(env.t, a, [b], 'one');
    const { services } = await client(a);
    await until(() => expect(services.rooms.list.value.map((r) => r.id)).toEqual([r1]));
    const emit = vi.spyOn(services.realtime, 'emitAck');
    const published = vi.fn();
    services.rooms.list.subscribe(published);
    published.mockClear(); // subscribe() reports the current list at once: count changes only

    await services.rooms.load();
    await services.rooms.load();
    expect(published).not.toHaveBeenCalled();
    expect(subscribeCalls(emit)).toHaveLength(0);

    // A new room (created elsewhere): a new list and one subscribe_rooms with both ids.
    const r2 = await createRoom(env.t, a, [b, c], 'two');
    await until(() => expect(services.rooms.list.value.map((r) => r.id).sort()).toEqual([r1, r2].sort()));
    expect(subscribeCalls(emit)).toEqual([['subscribe_rooms', { room_ids: [r1, r2].sort((x, y) => x - y) }]]);
    const count = published.mock.calls.length;
    await services.rooms.load();
    expect(published.mock.calls.length).toBe(count);
    expect(subscribeCalls(emit)).toHaveLength(1);
  });

  it('subscribes again after every reconnect', async () => {
    const [a, b] = [await newUser(env.t), await newUser(env.t)];
    const room = await createRoom(env.t, a, [b]);
    const { services } = await client(a);
    await until(() => expect(services.rooms.list.value).toHaveLength(1));
    const emit = vi.spyOn(services.realtime, 'emitAck');
    services.realtime.socket!.disconnect();
    services.realtime.socket!.connect();
    await until(() => expect(subscribeCalls(emit)).toEqual([['subscribe_rooms', { room_ids: [room] }]]));
  });

  it('applies new_message locally: preview, time, unread (not mine, not the open room) and order', async () => {
    const [a, b, c] = [await newUser(env.t), await newUser(env.t), await newUser(env.t)];
    const older = await createRoom(env.t, a, [b, c], 'older');
    const newer = await createRoom(env.t, a, [b, c], 'newer');
    const bSock = await raw(b);
    await emitAck(bSock, 'send_message', { room_id: older, content: 'first', encrypted: false, client_msg_id: 'x1' });
    await emitAck(bSock, 'send_message', { room_id: newer, content: 'second', encrypted: false, client_msg_id: 'x2' });
    const { services } = await client(a);
    await until(() => expect(services.rooms.list.value.map((r) => r.id)).toEqual([newer, older]));
    const call = vi.spyOn(services.api, 'call');

    const long = '가나다라마바사아자차카타파하가나다라마바사아자차카타파하';
    await emitAck(bSock, 'send_message', { room_id: older, content: long, encrypted: false, client_msg_id: 'x3' });
    await until(() => expect(services.rooms.list.value[0]!.id).toBe(older));
    const top = services.rooms.list.value[0]!;
    expect(top.unread_count).toBe(2);
    expect(top.last_message_preview).toBe(`${Array.from(long).slice(0, 25).join('')}...`);
    // The server agrees (our local rules are the server's).
    const server = (await api(env.t.url).get('/api/rooms', { token: a.accessToken })).body.find((r: { id: number }) => r.id === older);
    expect(server.last_message_preview).toBe(top.last_message_preview);
    expect(server.unread_count).toBe(2);

    // The open room does not count; my own messages do not count.
    services.rooms.current.value = newer;
    await emitAck(bSock, 'send_message', { room_id: newer, content: 'seen', encrypted: false, client_msg_id: 'x4' });
    await until(() => expect(services.rooms.list.value[0]!.last_message_preview).toBe('seen'));
    expect(services.rooms.list.value[0]!.unread_count).toBe(1);
    await services.sender.send(older, 'from me');
    await until(() => expect(services.rooms.list.value[0]!.id).toBe(older));
    expect(services.rooms.list.value[0]!.unread_count).toBe(2);
    // All of this without reloading the list.
    expect(call.mock.calls.filter((c) => c[0] === 'GET /api/rooms')).toHaveLength(0);
  });

  it('decrypts previews on the device, with every room key loaded once, without opening the room', async () => {
    const [a, b, c] = [await newUser(env.t), await newUser(env.t), await newUser(env.t)];
    const room = await createRoom(env.t, a, [b, c], 'secrets');
    const other = await createRoom(env.t, a, [b]);
    const ca = await client(a);
    const cb = await client(b);
    const calls = vi.spyOn(cb.services.api, 'call');
    await until(() => expect(cb.services.rooms.list.value).toHaveLength(2));
    expect(cb.services.rooms.byId(room)!.last_message_preview).toBe(t('rooms.empty_preview'));
    await ca.services.sender.send(room, 'secret hello');
    await ca.services.sender.send(other, '둘만의 비밀');
    // B never opened either room: the keys of all its rooms come in one request, the text shows.
    await until(() => expect(cb.services.rooms.byId(room)!.last_message_preview).toBe('secret hello'));
    await until(() => expect(cb.services.rooms.byId(other)!.last_message_preview).toBe('둘만의 비밀'));
    const keyCalls = calls.mock.calls.map((call) => call[0]).filter((k) => k === 'GET /api/rooms/keys' || k === 'GET /api/rooms/:id/messages');
    expect(keyCalls).toEqual(['GET /api/rooms/keys']);
    // The server only ever saw ciphertext, and only sends ciphertext.
    const stored = await env.t.server.db.execute({ sql: 'SELECT content, encrypted FROM messages WHERE room_id = ? AND message_type = ?', args: [room, 'text'] });
    expect(stored.rows.map((r) => [String(r.content).startsWith('v2:'), Number(r.encrypted)])).toEqual([[true, 1]]);
    const listed = (await api(env.t.url).get('/api/rooms', { token: b.accessToken })).body.find((r: { id: number }) => r.id === room);
    expect(listed).toMatchObject({ last_message: null, last_message_preview: '[암호화된 메시지]' });
    expect(JSON.stringify(listed)).not.toContain('secret hello');

    // A new session of B (a reload, a new login): decrypted again right after the list loads.
    const fresh = await client(b);
    await until(() => expect(fresh.services.rooms.byId(room)?.last_message_preview).toBe('secret hello'));
  });

  it('takes the preview from the server again when the newest message is deleted', async () => {
    const [a, b] = [await newUser(env.t), await newUser(env.t)];
    const room = await createRoom(env.t, a, [b, await newUser(env.t)], 'deletions');
    const bSock = await raw(b);
    await emitAck(bSock, 'send_message', { room_id: room, content: 'stays', encrypted: false, client_msg_id: 'd1' });
    const gone = await emitAck(bSock, 'send_message', { room_id: room, content: 'taken back', encrypted: false, client_msg_id: 'd2' });
    const { services } = await client(a);
    await until(() => expect(services.rooms.byId(room)?.last_message_preview).toBe('taken back'));
    expect((await api(env.t.url).del(`/api/messages/${gone.message_id}`, undefined, { token: b.accessToken })).status).toBe(200);
    const listed = async () => (await api(env.t.url).get('/api/rooms', { token: a.accessToken })).body.find((r: { id: number }) => r.id === room).last_message_preview;
    const expected = await listed();
    expect(expected).not.toBe('taken back');
    await until(() => expect(services.rooms.byId(room)?.last_message_preview).toBe(expected));
  });

  it('shows the edited text of the newest message, plaintext or decrypted here, and ignores edits of older ones', async () => {
    const [a, b] = [await newUser(env.t), await newUser(env.t)];
    const sealedRoom = await createRoom(env.t, a, [b, await newUser(env.t)], 'edits');
    const ca = await client(a);
    const cb = await client(b);
    await until(() => expect(cb.services.rooms.list.value).toHaveLength(1));
    await ca.services.sender.send(sealedRoom, 'first');
    await ca.services.sender.send(sealedRoom, 'typo here');
    await until(() => expect(cb.services.rooms.byId(sealedRoom)?.last_message_preview).toBe('typo here'));
    const newest = cb.services.rooms.byId(sealedRoom)!.last_message_id!;
    await ca.services.actions.edit(sealedRoom, newest, 'fixed here');
    await until(() => expect(cb.services.rooms.byId(sealedRoom)?.last_message_preview).toBe('fixed here'));
    // An older message: the preview stays, and no reload is asked for.
    const calls = vi.spyOn(cb.services.api, 'call');
    await ca.services.actions.edit(sealedRoom, newest - 1, 'first, edited');
    await new Promise((r) => setTimeout(r, 700));
    expect(cb.services.rooms.byId(sealedRoom)?.last_message_preview).toBe('fixed here');
    expect(calls.mock.calls.filter((c) => c[0] === 'GET /api/rooms')).toEqual([]);

    // A plaintext message edited over the socket by an origin client.
    const plain = await createRoom(env.t, a, [b, await newUser(env.t)], 'plain edits');
    const aSock = await raw(a);
    const sent = await emitAck(aSock, 'send_message', { room_id: plain, content: 'draft', encrypted: false });
    await until(() => expect(cb.services.rooms.byId(plain)?.last_message_preview).toBe('draft'));
    expect(await emitAck(aSock, 'edit_message', { message_id: sent.message_id, content: 'final', encrypted: false })).toMatchObject({ ok: true });
    await until(() => expect(cb.services.rooms.byId(plain)?.last_message_preview).toBe('final'));
  });

  it('pin/mute from another device, rename, read by me and leave are applied locally', async () => {
    const [a, b] = [await newUser(env.t), await newUser(env.t)];
    const g1 = await createRoom(env.t, a, [b, await newUser(env.t)], 'g1');
    const g2 = await createRoom(env.t, a, [b, await newUser(env.t)], 'g2');
    const bSock = await raw(b);
    await emitAck(bSock, 'send_message', { room_id: g1, content: 'hi', encrypted: false, client_msg_id: 'p1' });
    const { services } = await client(a);
    await until(() => expect(services.rooms.list.value).toHaveLength(2));
    const http = api(env.t.url);

    await http.post(`/api/rooms/${g2}/pin-room`, { pinned: true }, { token: a.accessToken });
    await until(() => expect(services.rooms.list.value[0]).toMatchObject({ id: g2, pinned: 1 }));
    await http.post(`/api/rooms/${g2}/mute`, { muted: true }, { token: a.accessToken });
    await until(() => expect(services.rooms.byId(g2)?.muted).toBe(1));
    await http.put(`/api/rooms/${g1}/name`, { name: 'renamed' }, { token: a.accessToken });
    await until(() => expect(services.rooms.byId(g1)?.name).toBe('renamed'));

    expect(services.rooms.byId(g1)?.unread_count).toBe(1);
    const aSock = await raw(a);
    const last = (await http.get(`/api/rooms/${g1}/messages?include_meta=0`, { token: a.accessToken })).body.messages.at(-1).id;
    await emitAck(aSock, 'message_read', { room_id: g1, message_id: last });
    await until(() => expect(services.rooms.byId(g1)?.unread_count).toBe(0));

    services.rooms.current.value = g2;
    await services.rooms.leave(g2);
    expect(services.rooms.byId(g2)).toBeUndefined();
    expect(services.rooms.current.value).toBeNull();
  });

  it('notifies for rooms not in view, with sender and preview, and never for muted rooms (unless I am mentioned) or my own messages', async () => {
    const [a, b] = [await newUser(env.t, '앨리스'), await newUser(env.t, '밥이')];
    const r1 = await createRoom(env.t, a, [b]);
    const r2 = await createRoom(env.t, a, [b, await newUser(env.t)], 'team');
    const c = await client(a);
    await until(() => expect(c.services.rooms.list.value).toHaveLength(2));
    const bSock = await raw(b);
    c.services.rooms.current.value = r1;

    await emitAck(bSock, 'send_message', { room_id: r1, content: 'in view', encrypted: false, client_msg_id: 'n1' });
    await emitAck(bSock, 'send_message', { room_id: r2, content: 'elsewhere', encrypted: false, client_msg_id: 'n2' });
    await until(() => expect(c.platform.notifications).toEqual([{ title: '밥이 · team', body: 'elsewhere' }]));
    // Same room but the window is in the background: notified.
    c.platform.focused = false;
    await emitAck(bSock, 'send_message', { room_id: r1, content: 'background', encrypted: false, client_msg_id: 'n3' });
    await until(() => expect(c.platform.notifications.at(-1)).toEqual({ title: '밥이', body: 'background' }));
    await c.services.rooms.setMuted(r2, true);
    await c.services.sender.send(r1, 'mine');
    await emitAck(bSock, 'send_message', { room_id: r2, content: 'muted', encrypted: false, client_msg_id: 'n4' });
    await until(() => expect(c.services.rooms.byId(r2)?.last_message_preview).toBe('muted'));
    await until(() => expect(c.services.sender.unsent.value).toBe(0));
    expect(c.platform.notifications).toHaveLength(2);
    await emitAck(bSock, 'send_message', { room_id: r2, content: `@${a.username} look`, encrypted: false, client_msg_id: 'n5' });
    await until(() => expect(c.platform.notifications.at(-1)).toEqual({ title: '밥이 · team', body: `@${a.username} look` }));
  });

  it('says what arrived in an encrypted room never opened here, and applies the mention rule to the plaintext', async () => {
    const [a, b] = [await newUser(env.t, '수신자'), await newUser(env.t, '발신자')];
    const team = await createRoom(env.t, a, [b, await newUser(env.t)], '기밀팀');
    const c = await client(a);
    const sender = await client(b);
    await until(() => expect(c.services.rooms.list.value).toHaveLength(1));
    await sender.services.sender.send(team, '회의는 3시에 합니다');
    await until(() => expect(c.platform.notifications).toEqual([{ title: '발신자 · 기밀팀', body: '회의는 3시에 합니다' }]));
    // Muted: only a mention gets through, and the mention is inside the ciphertext.
    await c.services.rooms.setMuted(team, true);
    await sender.services.sender.send(team, 'no mention here');
    await sender.services.sender.send(team, `@${a.username} 확인 부탁`);
    await until(() => expect(c.platform.notifications.at(-1)).toEqual({ title: '발신자 · 기밀팀', body: `@${a.username} 확인 부탁` }));
    expect(c.platform.notifications).toHaveLength(2);
  });
});

describe('the desktop tray', () => {
  it('gets the unread total of the rooms, muted rooms left out', async () => {
    const [a, b] = [await newUser(env.t), await newUser(env.t)];
    const r1 = await createRoom(env.t, a, [b]);
    const r2 = await createRoom(env.t, a, [b, await newUser(env.t)], 'quiet');
    const c = await client(a);
    await until(() => expect(c.services.rooms.list.value).toHaveLength(2));
    expect(c.platform.unread).toBe(0);
    await c.services.rooms.setMuted(r2, true);
    const bSock = await raw(b);
    for (const [room, id] of [[r1, 't1'], [r1, 't2'], [r2, 't3']] as const) {
      await emitAck(bSock, 'send_message', { room_id: room, content: 'hi', encrypted: false, client_msg_id: id });
    }
    await until(() => expect(c.services.rooms.byId(r2)?.unread_count).toBe(1));
    expect(c.platform.unread).toBe(2);
    await c.services.rooms.setMuted(r2, false);
    await until(() => expect(c.platform.unread).toBe(3));
  });

  it('signs out from the tray, asking first when messages are unsent', async () => {
    const a = await newUser(env.t);
    const c = await client(a);
    c.services.realtime.disconnect();
    await c.services.sender.send(await createRoom(env.t, a, [await newUser(env.t)]), 'unsent');
    const confirm = vi.spyOn(c.platform, 'confirm').mockResolvedValueOnce(false);
    await c.platform.signOutRequest!();
    expect(confirm).toHaveBeenCalledWith(t('logout.unsent_confirm', { n: 1 }));
    expect(c.services.session.state.value.status).toBe('authenticated');
    confirm.mockResolvedValueOnce(true);
    await c.platform.signOutRequest!();
    expect(c.services.session.state.value.status).toBe('anonymous');
    expect(c.platform.stored).toBeNull();
  });
});

describe('UsersStore', () => {
  it('lists everyone else and follows presence', async () => {
    const [a, b] = [await newUser(env.t), await newUser(env.t)];
    await createRoom(env.t, a, [b]);
    const { services } = await client(a);
    await services.users.load();
    const find = () => services.users.list.value.find((u) => u.id === b.userId);
    expect(services.users.list.value.some((u) => u.id === a.userId)).toBe(false);
    expect(find()?.status).toBe('offline');
    const bSock = await raw(b);
    await until(() => expect(find()?.status).toBe('online'));
    bSock.disconnect();
    await until(() => expect(find()?.status).toBe('offline'));
  });
});
