import { describe, expect, it, vi } from 'vitest';
import { decryptMessage, encryptV2 } from '../../protocol/crypto/index.ts';
import type { SendMessagePayload } from '../../protocol/events.ts';
import type { RoomKeyRing } from '../../protocol/rest/room-keys.ts';
import { api } from '../helpers/http.ts';
import { emitAck } from '../helpers/socket.ts';
import { useServer } from '../helpers/suite.ts';
import { type TestClient, type TestUser, createRoom, newUser, rawSocket, startClient, until } from './harness.ts';

const env = useServer();

const client = async (user: TestUser) => env.track(await startClient(env.t, user));
const ring = async (user: TestUser, room: number) => (await api(env.t.url).get(`/api/rooms/${room}/keys`, { token: user.accessToken })).body as RoomKeyRing;
const kick = async (admin: TestUser, room: number, target: TestUser) =>
  expect((await api(env.t.url).del(`/api/rooms/${room}/members/${target.userId}`, undefined, { token: admin.accessToken })).status).toBe(200);

/** Runs `before` (awaited) just before the client's first send_message goes out. */
function beforeFirstSend(c: TestClient, before: () => Promise<void>): SendMessagePayload[] {
  const realtime = c.services.realtime;
  const emit = realtime.emitAck.bind(realtime);
  const sent: SendMessagePayload[] = [];
  vi.spyOn(realtime, 'emitAck').mockImplementation(async (event, payload, timeout) => {
    if (event === 'send_message') {
      if (sent.length === 0) await before();
      sent.push(payload as SendMessagePayload);
    }
    return emit(event, payload, timeout);
  });
  return sent;
}

async function trio() {
  const [a, b, c] = [await newUser(env.t), await newUser(env.t), await newUser(env.t)];
  const room = await createRoom(env.t, a, [b, c]);
  return { a, b, c, room };
}

describe('key rotation in the client', () => {
  it('a text sealed just before a kick is sealed again with the new key and delivered once', async () => {
    const { a, c: removed, room } = await trio();
    const ca = await client(a);
    const tl = ca.services.chat.open(room);
    await ca.services.chat.whenLoaded(room);
    expect(ca.services.crypto.known(room)?.current).toBe(1);
    // The kick commits after the message was sealed with version 1 and before it reaches the server.
    const sent = beforeFirstSend(ca, () => kick(a, room, removed));

    await ca.services.sender.send(room, 'sealed before the kick');
    await until(() => expect(ca.services.sender.unsent.value).toBe(0));
    expect(sent.map((p) => p.key_version)).toEqual([1, 2]);
    expect(new Set(sent.map((p) => p.client_msg_id)).size).toBe(1);

    const keys = await ring(a, room);
    const stored = (await api(env.t.url).get(`/api/rooms/${room}/messages?limit=50`, { token: a.accessToken })).body.messages.filter(
      (m: { message_type: string }) => m.message_type === 'text',
    );
    expect(stored).toHaveLength(1);
    expect(stored[0].key_version).toBe(2);
    expect(await decryptMessage(stored[0].content, keys.encryption_key!)).toBe('sealed before the kick');
    await expect(decryptMessage(stored[0].content, keys.encryption_keys[0]!.key)).rejects.toThrow();
    await until(() => expect(tl.items.value.filter((i) => i.mine && i.type === 'text').map((i) => [i.text, i.state])).toEqual([['sealed before the kick', 'sent']]));
  });

  it('reads each message with its version, live and after a reload, and the list preview too', async () => {
    const { a, b, c: removed, room } = await trio();
    const cb = await client(b);
    const tl = cb.services.chat.open(room);
    await cb.services.chat.whenLoaded(room);
    const sa = env.track(await rawSocket(env.t, a));
    await emitAck(sa, 'subscribe_rooms', { room_ids: [room] });

    const v1 = (await ring(a, room)).encryption_key!;
    const first = await emitAck(sa, 'send_message', { room_id: room, content: await encryptV2('first, version 1', v1), encrypted: true, client_msg_id: 'k1' });
    await kick(a, room, removed);
    await until(() => expect(cb.services.crypto.known(room)?.current).toBe(2)); // room_key_rotated
    // So b's next text goes out sealed with version 2 at the first try.
    const sent = beforeFirstSend(cb, async () => {});
    await cb.services.sender.send(room, 'from b');
    await until(() => expect(cb.services.sender.unsent.value).toBe(0));
    expect(sent.map((p) => p.key_version)).toEqual([2]);
    const v2 = (await ring(a, room)).encryption_key!;
    await emitAck(sa, 'send_message', {
      room_id: room,
      content: await encryptV2('second, version 2', v2),
      encrypted: true,
      key_version: 2,
      reply_to: first.message_id,
      client_msg_id: 'k2',
    });

    const texts = (items: typeof tl.items.value) => items.filter((i) => i.type === 'text').map((i) => i.text);
    await until(() => expect(texts(tl.items.value)).toEqual(['first, version 1', 'from b', 'second, version 2']));
    expect(tl.items.value.find((i) => i.text === 'second, version 2')?.replyPreview?.text).toBe('first, version 1');
    await until(() => expect(cb.services.rooms.byId(room)?.last_message_preview).toBe('second, version 2'));

    // A reload: a new client knows nothing and reads both versions from the server's answers.
    cb.dispose();
    const again = await client(b);
    const tl2 = again.services.chat.open(room);
    await again.services.chat.whenLoaded(room);
    await until(() => expect(texts(tl2.items.value)).toEqual(['first, version 1', 'from b', 'second, version 2']));
    await until(() => expect(again.services.rooms.byId(room)?.last_message_preview).toBe('second, version 2'));
  });
});
