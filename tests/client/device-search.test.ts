import { afterAll, describe, expect, it, vi } from 'vitest';
import { encryptV2 } from '../../protocol/crypto/index.ts';
import { type IndexedMessage, type IndexStore, memoryIndexStore } from '../../client/src/search/device-index.ts';
import { api } from '../helpers/http.ts';
import { emitAck } from '../helpers/socket.ts';
import { useServer } from '../helpers/suite.ts';
import { createRoom, newUser, rawSocket, startClient } from './harness.ts';

const env = useServer();
const stores = new Map<string, IndexStore>();
/** One memory store per (server, user), as IndexedDB would keep them. */
const searchStore = (url: string, userId: number) => {
  const key = `${url} ${userId}`;
  if (!stores.has(key)) stores.set(key, memoryIndexStore());
  return stores.get(key)!;
};
const sockets: Array<{ close(): void }> = [];
afterAll(() => sockets.forEach((s) => s.close()));

describe('the device search index', () => {
  it('holds what this device decrypted (per user), finds it with the server hits, and is emptied at logout', async () => {
    const me = await newUser(env.t);
    const kim = await newUser(env.t);
    const room = await createRoom(env.t, kim, [me]);
    const key = (await api(env.t.url).get(`/api/rooms/${room}/messages?limit=1`, { token: kim.accessToken })).body.encryption_key as string;
    const kimSocket = await rawSocket(env.t, kim);
    sockets.push(kimSocket);
    const ack = await emitAck(kimSocket, 'send_message', { room_id: room, content: await encryptV2('the vault code is 4711', key), encrypted: true });
    await emitAck(kimSocket, 'send_message', { room_id: room, content: 'a vault in plaintext', encrypted: false });

    const client = env.track(await startClient(env.t, me, { searchStore }));
    await client.services.chat.whenLoaded(room);
    const mine = searchStore(env.t.url, me.userId);
    await vi.waitFor(async () => expect((await mine.all()).map((m: IndexedMessage) => m.id)).toEqual([ack.message_id]));
    expect((await mine.all())[0]).toMatchObject({ room_id: room, text: 'the vault code is 4711' });

    await client.services.search.run('vault');
    expect(client.services.search.results.value!.map((r) => [r.text, r.source])).toEqual([
      ['a vault in plaintext', 'server'],
      ['the vault code is 4711', 'device'],
    ]);

    await client.services.logout();
    expect(await mine.all()).toEqual([]);
    expect(client.services.search.results.value).toBeNull();
  });
});
