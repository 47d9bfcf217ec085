import { describe, expect, it, vi } from 'vitest';
import { encryptV2, generateRoomKey } from '../../../protocol/crypto/index.ts';
import { type KeyAnswer, RoomCrypto, ringOf } from './room-crypto.ts';

const KEY = generateRoomKey();
const KEY2 = generateRoomKey();
const NONE: KeyAnswer = { encryption_key: null, key_version: 1, encryption_keys: [] };
/** The answer of a room at version 1 with one key (also what an older server sends). */
const v1 = (key: string): KeyAnswer => ({ encryption_key: key });
const ring1 = (roomId = 1) => ringOf(roomId, v1(KEY));

describe('RoomCrypto', () => {
  it('fetches a missing key once, whoever asks, and drops an answer that outlived a logout', async () => {
    const fetchKey = vi.fn(async (roomId: number) => (roomId === 1 ? v1(KEY) : NONE));
    const rc = new RoomCrypto(fetchKey);
    const [a, b, c] = await Promise.all([rc.key(1), rc.key(1), rc.key(2)]);
    expect([a?.keys.get(1), b?.keys.get(1), c]).toEqual([KEY, KEY, null]);
    expect(fetchKey).toHaveBeenCalledTimes(2);
    expect([rc.has(2), rc.known(2)]).toEqual([true, null]);

    let answer!: (key: KeyAnswer) => void;
    const late = new RoomCrypto(() => new Promise((r) => (answer = r)));
    const pending = late.key(3);
    await vi.waitFor(() => expect(answer).toBeTypeOf('function'));
    late.clear();
    answer(v1(KEY));
    expect((await pending)?.keys.get(1)).toBe(KEY);
    expect(late.has(3)).toBe(false);
  });

  it('loads every key of the session in one request at the first need, retried after a failure', async () => {
    const single = generateRoomKey();
    const fetchKey = vi.fn(async () => v1(single));
    let fail = true;
    const fetchAll = vi.fn(async () => {
      if (fail) throw new Error('offline');
      return [
        { room_id: 1, ...v1(KEY) },
        { room_id: 2, ...NONE },
      ];
    });
    const rc = new RoomCrypto(fetchKey, fetchAll);
    // The bulk load failed: the room's own fetch answers, and the next ask tries the bulk again.
    expect((await rc.key(1))?.keys.get(1)).toBe(single);
    fail = false;
    expect(await Promise.all([rc.key(2), rc.key(2)])).toEqual([null, null]);
    expect(fetchAll).toHaveBeenCalledTimes(2);
    expect(fetchKey).toHaveBeenCalledTimes(1);
    expect(rc.known(1)?.keys.get(1)).toBe(single); // a key already known is not replaced by the bulk answer
    // A room joined since: its own fetch; the bulk is not asked again within the session.
    expect((await rc.key(3))?.keys.get(1)).toBe(single);
    expect(fetchAll).toHaveBeenCalledTimes(2);
    // A new session loads again.
    rc.clear();
    expect((await rc.key(1))?.keys.get(1)).toBe(KEY);
    expect(fetchAll).toHaveBeenCalledTimes(3);
  });

  it('seals with the room key (plaintext without one), and reads its own ciphertext back without it', async () => {
    const rc = new RoomCrypto(async (roomId) => (roomId === 1 ? v1(KEY) : NONE));
    expect(await rc.seal(2, 'open')).toEqual({ content: 'open', encrypted: false });
    const sealed = await rc.seal(1, '비밀');
    expect(sealed.encrypted).toBe(true);
    expect(sealed.key_version).toBe(1);
    expect(sealed.content.startsWith('v2:')).toBe(true);
    expect(await rc.decrypt('m:1', sealed.content, null)).toBe('비밀');
  });

  it('decrypts once per message, again when its content changed, and not without a key', async () => {
    const rc = new RoomCrypto(async () => v1(KEY));
    const first = await encryptV2('one', KEY);
    expect(await rc.decrypt('m:5', first, null)).toBeNull(); // not cached: the key may come later
    expect(await rc.decrypt('m:5', first, ring1())).toBe('one');
    expect(rc.decrypt('m:5', first, ring1())).toBe(rc.decrypt('m:5', first, ring1()));
    expect(await rc.decrypt('m:5', await encryptV2('one (edited)', KEY), ring1())).toBe('one (edited)');
    expect(await rc.decrypt('m:6', 'v2:AAAA:AAAA:AAAA:AAAA', ring1())).toBeNull();
  });
});

describe('RoomCrypto across key versions', () => {
  const rotated: KeyAnswer = { encryption_key: KEY2, key_version: 2, encryption_keys: [{ version: 1, key: KEY }, { version: 2, key: KEY2 }] };

  it('decrypts each message with the key of its version, and seals with the current one', async () => {
    const rc = new RoomCrypto(async () => rotated);
    const ring = await rc.key(1);
    expect(ring?.current).toBe(2);
    expect(await rc.decrypt('m:1', await encryptV2('old', KEY), ring, 1)).toBe('old');
    expect(await rc.decrypt('m:2', await encryptV2('new', KEY2), ring, 2)).toBe('new');
    // The wrong version's key does not open it.
    expect(await rc.decrypt('m:3', await encryptV2('new', KEY2), ring, 1)).toBeNull();
    const sealed = await rc.seal(1, 'reply');
    expect(sealed.key_version).toBe(2);
    expect(await new RoomCrypto(async () => rotated).decrypt('m:4', sealed.content, ringOf(1, rotated), 2)).toBe('reply');
  });

  it('fetches the ring again for a version newer than it knows (once), and never for one it cannot hold', async () => {
    let answer: KeyAnswer = v1(KEY);
    const fetchKey = vi.fn(async () => answer);
    const rc = new RoomCrypto(fetchKey);
    const old = await rc.key(1);
    answer = rotated;
    const msg = await encryptV2('after the rotation', KEY2);
    const [a, b] = await Promise.all([rc.decrypt('m:9', msg, old, 2), rc.decrypt('m:10', msg, old, 2)]);
    expect([a, b]).toEqual(['after the rotation', 'after the rotation']);
    expect(fetchKey).toHaveBeenCalledTimes(2); // the first load, then one refresh for both
    expect(rc.known(1)?.current).toBe(2);
    // A version below the current one that the ring lacks (before this member joined): no fetch.
    const invitee = new RoomCrypto(fetchKey);
    invitee.set(1, { encryption_key: KEY2, key_version: 2, encryption_keys: [{ version: 2, key: KEY2 }] });
    expect(await invitee.decrypt('m:11', await encryptV2('before my join', KEY), invitee.known(1), 1)).toBeNull();
    expect(fetchKey).toHaveBeenCalledTimes(2);
  });

  it('never goes back to an older version when answers cross a rotation', () => {
    const rc = new RoomCrypto(async () => rotated);
    rc.set(1, rotated);
    rc.set(1, v1(KEY));
    expect(rc.known(1)?.current).toBe(2);
    expect(ringOf(1, NONE)).toBeNull();
  });
});
