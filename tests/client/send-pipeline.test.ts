import type { Socket as ServerSocket } from 'socket.io';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type KV, Outbox, memoryKV } from '../../client/src/chat/outbox.ts';
import { t } from '../../client/src/i18n/index.ts';
import type { ServicesOptions } from '../../client/src/services.ts';
import type { ChatItem } from '../../client/src/stores.ts';
import { decryptMessage } from '../../protocol/crypto/index.ts';
import { errorSpec } from '../../protocol/errors/index.ts';
import type { SendMessageAck, SendMessagePayload } from '../../protocol/events.ts';
import { api } from '../helpers/http.ts';
import { type TestServer, startTestServer } from '../helpers/server.ts';
import { emitAck } from '../helpers/socket.ts';
import { useServer, withServer } from '../helpers/suite.ts';
import { type TestClient, type TestUser, createRoom, newUser, rawSocket, startClient, until } from './harness.ts';

const env = useServer();
/** Undone after each test: a wedged server must not outlive its test. */
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

async function client(user: TestUser, opts: ServicesOptions & { kv?: KV } = {}) {
  return env.track(await startClient(env.t, user, opts));
}

/** The server swallows the next `count` send_message packets: no ACK, nothing stored (a wedged
 * server, as seen from the client). Records when each send_message arrived. */
function wedgeSends(server: TestServer, count = Number.POSITIVE_INFINITY) {
  const state = { remaining: count, arrivals: [] as number[] };
  const io = server.server.io;
  const install = (s: ServerSocket) =>
    s.use(([event], next) => {
      if (event !== 'send_message') return next();
      state.arrivals.push(Date.now());
      if (state.remaining > 0) {
        state.remaining--;
        return;
      }
      next();
    });
  for (const s of io.sockets.sockets.values()) install(s);
  io.on('connection', install);
  const release = () => {
    state.remaining = 0;
    io.off('connection', install);
  };
  cleanups.push(release);
  return { state, release };
}

/** Spies on the client's send_message emits: `before` runs as one goes out, `after` sees its ACK
 * before the pipeline does. Other events pass through. */
function spySends(c: TestClient, hooks: { before?(): void; after?(ack: SendMessageAck): Promise<unknown> }) {
  const realtime = c.services.realtime;
  const emit = realtime.emitAck.bind(realtime);
  vi.spyOn(realtime, 'emitAck').mockImplementation(async (event, payload, timeout) => {
    if (event !== 'send_message') return emit(event, payload, timeout);
    hooks.before?.();
    const ack = await emit('send_message', payload as SendMessagePayload, timeout);
    await hooks.after?.(ack);
    return ack;
  });
}

async function serverMessages(server: TestServer, user: TestUser, roomId: number) {
  const res = await api(server.url).get(`/api/rooms/${roomId}/messages?limit=200&include_meta=0`, { token: user.accessToken });
  return res.body.messages as Array<{ id: number; client_msg_id: string | null; content: string }>;
}

/** The room key as a member gets it (the messages meta). */
async function roomKey(server: TestServer, user: TestUser, roomId: number): Promise<string> {
  const res = await api(server.url).get(`/api/rooms/${roomId}/messages?limit=1&include_meta=1`, { token: user.accessToken });
  return res.body.encryption_key as string;
}

/** The same server again (same port and data) after `first` was stopped. */
const restartOf = (first: TestServer) => ({ port: Number(new URL(first.url).port), dataDir: first.dataDir });

async function pair() {
  const [a, b] = [await newUser(env.t), await newUser(env.t)];
  const room = await createRoom(env.t, a, [b]);
  return { a, b, room };
}

const mineOnly = (items: ChatItem[]) => items.filter((i) => i.mine);

describe('SendPipeline', () => {
  it('shows the bubble at once, then one sent item with the ACK id when the echo comes first', async () => {
    const { a, room } = await pair();
    const c = await client(a);
    const tl = c.services.chat.open(room);
    await c.services.chat.whenLoaded(room);
    // Hold the ACK until the echo (new_message) has been applied.
    spySends(c, { after: (ack) => until(() => expect(ack.ok ? tl.get(ack.message_id) : undefined).toBeDefined()) });

    const sending = c.services.sender.send(room, '안녕하세요');
    const bubble = tl.items.value.at(-1)!;
    expect(bubble).toMatchObject({ state: 'pending', id: null, text: '안녕하세요', mine: true });
    expect(bubble.key).toBe(`c:${bubble.clientMsgId}`);
    expect(c.services.sender.unsent.value).toBe(1);
    await sending;

    await until(() => expect(c.services.sender.unsent.value).toBe(0));
    const [stored] = await serverMessages(env.t, a, room);
    expect(tl.items.value).toHaveLength(1);
    expect(tl.items.value[0]).toMatchObject({ key: bubble.key, id: stored!.id, state: 'sent', text: '안녕하세요' });
    expect(stored!.client_msg_id).toBe(bubble.clientMsgId);
    expect(stored!.content.startsWith('v2:')).toBe(true); // encrypted with the room key
    expect(await new Outbox(c.kv, { serverUrl: env.t.url, userId: a.userId }).list()).toEqual([]);
  });

  it('ends with one item when the ACK comes before the echo', async () => {
    const { a, room } = await pair();
    const c = await client(a);
    const tl = c.services.chat.open(room);
    await c.services.chat.whenLoaded(room);
    const socket = c.services.realtime.socket!;
    const [apply] = socket.listeners('new_message');
    socket.off('new_message', apply!);
    const held: unknown[] = [];
    socket.on('new_message', (m) => held.push(m));

    await c.services.sender.send(room, 'ack first');
    await until(() => expect(c.services.sender.unsent.value).toBe(0));
    const confirmed = tl.items.value[0]!;
    expect(tl.items.value).toHaveLength(1);
    expect(confirmed).toMatchObject({ state: 'sent', text: 'ack first' });
    expect(confirmed.id).toBeGreaterThan(0);

    await until(() => expect(held).toHaveLength(1));
    (apply as (m: unknown) => void)(held[0]);
    await until(() => expect(tl.items.value[0]!.createdAt).toBe((held[0] as { created_at: string }).created_at));
    expect(tl.items.value).toHaveLength(1);
    expect(tl.items.value[0]).toMatchObject({ key: confirmed.key, id: confirmed.id, state: 'sent', text: 'ack first' });
  });

  it('retries an unanswered send with growing backoff, then delivers it once', async () => {
    const { a, room } = await pair();
    const c = await client(a, { timing: { ackTimeoutMs: 300, baseDelayMs: 100, maxDelayMs: 1000, maxAttempts: 5 } });
    const tl = c.services.chat.open(room);
    await c.services.chat.whenLoaded(room);
    const wedge = wedgeSends(env.t, 2);
    const emitted: number[] = [];
    spySends(c, { before: () => emitted.push(performance.now()) });

    await c.services.sender.send(room, 'eventually');
    await until(() => expect(tl.items.value[0]?.state).toBe('sent'), 10_000);
    // Two swallowed, the third answered (a machine slow enough to miss that ACK too would only
    // add a harmless duplicate resend: the server is idempotent on client_msg_id).
    expect(wedge.state.arrivals.length).toBeGreaterThanOrEqual(3);
    expect(emitted.length).toBe(wedge.state.arrivals.length);
    // Each retry waited for the ACK timeout (300 ms) plus the backoff (100 ms, then 200 ms);
    // a 2 ms allowance for timer rounding.
    expect(emitted[1]! - emitted[0]!).toBeGreaterThanOrEqual(400 - 2);
    expect(emitted[2]! - emitted[1]!).toBeGreaterThanOrEqual(500 - 2);
    const stored = await serverMessages(env.t, a, room);
    expect(stored).toHaveLength(1);
    expect(tl.items.value).toHaveLength(1);
    expect(tl.items.value[0]!.id).toBe(stored[0]!.id);
  });

  it('fails after the attempt limit, keeps the entry, and a manual retry delivers it', async () => {
    const { a, room } = await pair();
    const c = await client(a, { timing: { ackTimeoutMs: 150, baseDelayMs: 20, maxDelayMs: 40, maxAttempts: 3 } });
    const tl = c.services.chat.open(room);
    await c.services.chat.whenLoaded(room);
    const wedge = wedgeSends(env.t);
    const outbox = new Outbox(c.kv, { serverUrl: env.t.url, userId: a.userId });

    await c.services.sender.send(room, 'stuck');
    await until(() => expect(tl.items.value[0]?.state).toBe('failed'), 10_000);
    expect(wedge.state.arrivals).toHaveLength(3);
    expect(tl.items.value[0]!.error).toBe(t('message.failed'));
    expect(c.services.sender.unsent.value).toBe(1);
    await until(async () => expect((await outbox.list()).map((e) => [e.state, e.attempts])).toEqual([['failed', 3]]));

    wedge.release();
    c.services.sender.retry(tl.items.value[0]!.clientMsgId!);
    expect(tl.items.value[0]!.state).toBe('pending');
    await until(() => expect(tl.items.value[0]?.state).toBe('sent'));
    expect(c.services.sender.unsent.value).toBe(0);
    expect(await serverMessages(env.t, a, room)).toHaveLength(1);
    await until(async () => expect(await outbox.list()).toEqual([]));
  });

  it('fails at once, without retrying, when the server refuses the message', async () => {
    const { a, b, room } = await pair();
    const c = await client(a);
    const tl = c.services.chat.open(room);
    await c.services.chat.whenLoaded(room);
    const emit = vi.spyOn(c.services.realtime, 'emitAck');

    // Validation: the ciphertext of this text is over the 200,000-character limit.
    await c.services.sender.send(room, 'x'.repeat(160_000));
    await until(() => expect(tl.items.value[0]?.state).toBe('failed'));
    expect(tl.items.value[0]!.error).toBe('잘못된 요청입니다. 메시지가 너무 깁니다.');
    expect(emit.mock.calls.filter((call) => call[0] === 'send_message')).toHaveLength(1);

    // Permission: a room I am not in (the room key cannot even be fetched).
    const theirs = await createRoom(env.t, b, [await newUser(env.t)]);
    await c.services.sender.send(theirs, 'not mine');
    const foreign = c.services.chat.get(theirs)!;
    await until(() => expect(foreign.items.value[0]?.state).toBe('failed'));
    expect(foreign.items.value[0]!.error).toBe('대화방 접근 권한이 없습니다.');
    expect(emit.mock.calls.filter((call) => call[0] === 'send_message')).toHaveLength(1); // never emitted
    expect(c.services.sender.unsent.value).toBe(2);

    // Discard drops the bubble and the entry.
    await c.services.sender.discard(foreign.items.value[0]!.clientMsgId!);
    expect(foreign.items.value).toEqual([]);
    expect(c.services.sender.unsent.value).toBe(1);
    expect(await serverMessages(env.t, a, room)).toHaveLength(0);
  });

  it('retries a send the server failed to store (a real database error), delivering it once', async () => {
    const { a, room } = await pair();
    const c = await client(a, { timing: { ackTimeoutMs: 2000, baseDelayMs: 50, maxDelayMs: 100, maxAttempts: 8 } });
    const tl = c.services.chat.open(room);
    await c.services.chat.whenLoaded(room);
    // The database refuses inserts into this room: the server answers ok:false MESSAGE_SEND_FAILED.
    const db = env.t.server.db;
    const trigger = `test_fail_room_${room}`;
    await db.execute(`CREATE TRIGGER ${trigger} BEFORE INSERT ON messages WHEN NEW.room_id = ${room} BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`);
    const repair = () => db.execute(`DROP TRIGGER IF EXISTS ${trigger}`);
    cleanups.push(() => void repair());
    // Watch the answers on their way to the pipeline; the first failure repairs the database
    // before the pipeline sees it, so its retry meets a working server.
    const acks: SendMessageAck[] = [];
    spySends(c, {
      after: async (ack) => {
        acks.push(ack);
        if (!ack.ok) await repair();
      },
    });

    await c.services.sender.send(room, 'saved on the second try');
    await until(() => expect(tl.items.value[0]?.state).toBe('sent'), 10_000);
    expect(acks.map((x) => (x.ok ? 'ok' : x.error_code))).toEqual(['MESSAGE_SEND_FAILED', 'ok']);
    const stored = await serverMessages(env.t, a, room);
    expect(stored).toHaveLength(1);
    expect(tl.items.value.map((i) => [i.id, i.text])).toEqual([[stored[0]!.id, 'saved on the second try']]);
  });

  it('fails at once, with the server’s reason, when the room refuses a sealed message (kicked)', async () => {
    const [a, owner, third] = [await newUser(env.t), await newUser(env.t), await newUser(env.t)];
    const room = await createRoom(env.t, owner, [a, third], 'kick me');
    const c = await client(a);
    const tl = c.services.chat.open(room);
    await c.services.chat.whenLoaded(room); // the room key is known: the message is sealed and emitted
    const kicked = await api(env.t.url).del(`/api/rooms/${room}/members/${a.userId}`, undefined, { token: owner.accessToken });
    expect(kicked.status).toBe(200);
    const emit = vi.spyOn(c.services.realtime, 'emitAck');

    await c.services.sender.send(room, 'too late');
    const unsent = () => tl.items.value.filter((i) => i.state !== 'sent');
    await until(() => expect(unsent().map((i) => i.state)).toEqual(['failed']));
    expect(unsent()[0]!.error).toBe(errorSpec('ROOM_ACCESS_DENIED').ko);
    expect(emit.mock.calls.filter((call) => call[0] === 'send_message')).toHaveLength(1);
    const ownerView = await api(env.t.url).get(`/api/rooms/${room}/messages?limit=200&include_meta=0`, { token: owner.accessToken });
    expect((ownerView.body.messages as Array<{ content: string }>).some((m) => m.content === 'too late')).toBe(false);
  });

  it('keeps per-room order: one message in flight per room, delivered oldest first', async () => {
    const { a, room } = await pair();
    const c = await client(a, { timing: { ackTimeoutMs: 1000, baseDelayMs: 20, maxDelayMs: 40, maxAttempts: 8 } });
    await c.services.chat.whenLoaded(room);
    const wedge = wedgeSends(env.t, 1);
    for (const n of [1, 2, 3, 4]) await c.services.sender.send(room, `m${n}`);
    await until(() => expect(c.services.sender.unsent.value).toBe(0), 10_000);
    // The first was swallowed once; the others waited behind it instead of overtaking it.
    expect(wedge.state.arrivals).toHaveLength(5);
    const stored = await serverMessages(env.t, a, room);
    const texts = c.services.chat.get(room)!.items.value.map((i) => i.text);
    expect(texts).toEqual(['m1', 'm2', 'm3', 'm4']);
    expect(stored.map((m) => m.id)).toEqual(c.services.chat.get(room)!.items.value.map((i) => i.id));
  });

  it('restores the outbox after a restart and replays it without duplicates', async () => {
    const { a, room } = await pair();
    const kv = memoryKV();
    const first = await client(a, { kv });
    await first.services.chat.whenLoaded(room);
    // Offline: both messages stay in the outbox, as ciphertext.
    first.services.realtime.socket!.disconnect();
    await first.services.sender.send(room, 'one');
    await first.services.sender.send(room, 'two');
    const outbox = new Outbox(kv, { serverUrl: env.t.url, userId: a.userId });
    const entries = await outbox.list();
    expect(entries.map((e) => [e.state, e.attempts, e.encrypted])).toEqual([
      ['pending', 0, true],
      ['pending', 0, true],
    ]);
    expect(entries.every((e) => e.text.startsWith('v2:'))).toBe(true);
    // The first one did reach the server before the "crash" (its ACK was lost).
    const raw = env.track(await rawSocket(env.t, a));
    const early = await emitAck(raw, 'send_message', { room_id: room, content: entries[0]!.text, encrypted: true, client_msg_id: entries[0]!.client_msg_id });
    expect(early.ok).toBe(true);
    first.services.dispose();

    // Restart: a new client over the same store (another user's outbox would not be touched).
    const second = await client(a, { kv });
    const tl = second.services.chat.open(room);
    await until(() => expect(second.services.sender.unsent.value).toBe(0));
    await until(async () => expect(await outbox.list()).toEqual([]));
    const stored = await serverMessages(env.t, a, room);
    expect(stored.map((m) => m.client_msg_id)).toEqual(entries.map((e) => e.client_msg_id));
    expect(stored[0]!.id).toBe(early.message_id);
    await until(() => expect(tl.items.value.map((i) => [i.text, i.state, i.id])).toEqual([
      ['one', 'sent', stored[0]!.id],
      ['two', 'sent', stored[1]!.id],
    ]));
  });

  it('keeps a user’s outbox apart from another user’s and across logout', async () => {
    const { a, room } = await pair();
    const other = await newUser(env.t);
    const kv = memoryKV();
    const ca = await client(a, { kv, timing: { ackTimeoutMs: 100, baseDelayMs: 10, maxDelayMs: 20, maxAttempts: 1 } });
    await ca.services.chat.whenLoaded(room);
    wedgeSends(env.t);
    await ca.services.sender.send(room, 'left behind');
    await until(() => expect(ca.services.chat.get(room)!.items.value[0]?.state).toBe('failed'));
    await ca.services.logout();
    expect(ca.services.session.state.value.status).toBe('anonymous');
    expect(ca.services.realtime.socket).toBeNull();
    expect(ca.services.rooms.list.value).toEqual([]);
    expect(ca.services.sender.unsent.value).toBe(0);
    expect(ca.services.chat.get(room)).toBeUndefined();
    expect(await new Outbox(kv, { serverUrl: env.t.url, userId: a.userId }).list()).toHaveLength(1);
    const co = await client(other, { kv });
    expect(co.services.sender.unsent.value).toBe(0);
  });
});

describe('SendPipeline across a server restart', () => {
  it('spends no attempts while the server is down and delivers everything once it is back', async () => {
    const first = await startTestServer({ keepData: true });
    const a = await newUser(first);
    const b = await newUser(first);
    const room = await createRoom(first, a, [b]);
    const c = env.track(await startClient(first, a, { timing: { ackTimeoutMs: 500, baseDelayMs: 50, maxDelayMs: 100, maxAttempts: 2 } }));
    await c.services.chat.whenLoaded(room);
    await first.close();
    await until(() => expect(c.services.realtime.status.value).not.toBe('connected'));
    await c.services.sender.send(room, 'while down 1');
    await c.services.sender.send(room, 'while down 2');
    // Longer than two unanswered attempts would take (2 × 500 ms + backoff): had the pipeline
    // spent attempts on a dead socket, these would be failed by now.
    await new Promise((r) => setTimeout(r, 1500));
    expect(c.services.chat.get(room)!.items.value.map((i) => i.state)).toEqual(['pending', 'pending']);
    const outbox = new Outbox(c.kv, { serverUrl: first.url, userId: a.userId });
    expect((await outbox.list()).map((e) => [e.state, e.attempts])).toEqual([
      ['pending', 0],
      ['pending', 0],
    ]);

    await withServer(restartOf(first), async (second) => {
      await until(() => expect(c.services.sender.unsent.value).toBe(0), 15_000);
      const stored = await serverMessages(second, a, room);
      expect(stored).toHaveLength(2);
      expect(c.services.chat.get(room)!.items.value.map((i) => [i.text, i.id])).toEqual([
        ['while down 1', stored[0]!.id],
        ['while down 2', stored[1]!.id],
      ]);
      c.dispose(); // before its server stops
    });
  });
});

describe('SendPipeline and a room key that arrives late', () => {
  it('keeps the message local while the key cannot be fetched, then sends it encrypted, never in clear', async () => {
    const first = await startTestServer({ keepData: true });
    const a = await newUser(first);
    const b = await newUser(first);
    const room = await createRoom(first, a, [b]);
    const c = env.track(await startClient(first, a, { timing: { ackTimeoutMs: 500, baseDelayMs: 50, maxDelayMs: 100, maxAttempts: 3 } }));
    // The room was never opened: its key (which comes with the messages meta) is not known,
    // and with the server down it cannot be fetched.
    await first.close();
    await until(() => expect(c.services.realtime.status.value).not.toBe('connected'));
    await c.services.sender.send(room, '평문은 안 돼');
    const outbox = new Outbox(c.kv, { serverUrl: first.url, userId: a.userId });
    expect((await outbox.list()).map((e) => [e.state, e.attempts, e.encrypted])).toEqual([['pending', 0, false]]);

    await withServer(restartOf(first), async (second) => {
      await until(() => expect(c.services.sender.unsent.value).toBe(0), 15_000);
      const stored = await serverMessages(second, a, room);
      expect(stored).toHaveLength(1);
      expect(stored[0]!.content.startsWith('v2:')).toBe(true);
      expect(await decryptMessage(stored[0]!.content, await roomKey(second, a, room))).toBe('평문은 안 돼');
      expect(c.services.chat.get(room)!.items.value.map((i) => [i.text, i.state, i.id])).toEqual([['평문은 안 돼', 'sent', stored[0]!.id]]);
      c.dispose(); // before its server stops
    });
  });
});
