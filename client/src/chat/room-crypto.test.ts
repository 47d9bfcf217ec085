import { describe, expect, it, vi } from 'vitest';
import { encryptV2, generateRoomKey } from '../../../protocol/crypto/index.ts';
import { RoomCrypto } from './room-crypto.ts';

const KEY = generateRoomKey();

describe('RoomCrypto', () => {
  it('fetches a missing key once, whoever asks, and drops an answer that outlived a logout', async () => {
    const fetchKey = vi.fn(async (roomId: number) => (roomId === 1 ? KEY : null));
    const rc = new RoomCrypto(fetchKey);
    expect(await Promise.all([rc.key(1), rc.key(1), rc.key(2)])).toEqual([KEY, KEY, null]);
    expect(fetchKey).toHaveBeenCalledTimes(2);
    expect([rc.has(2), rc.known(2)]).toEqual([true, null]);

    let answer!: (key: string) => void;
    const late = new RoomCrypto(() => new Promise((r) => (answer = r)));
    const pending = late.key(3);
    await vi.waitFor(() => expect(answer).toBeTypeOf('function'));
    late.clear();
    answer(KEY);
    expect(await pending).toBe(KEY);
    expect(late.has(3)).toBe(false);
  });

  it('loads every key of the session in one request at the first need, retried after a failure', async () => {
    const fetchKey = vi.fn(async () => 'single');
    let fail = true;
    const fetchAll = vi.fn(async () => {
      if (fail) throw new Error('offline');
      return [
        { room_id: 1, encryption_key: KEY },
        { room_id: 2, encryption_key: null },
      ];
    });
    const rc = new RoomCrypto(fetchKey, fetchAll);
    // The bulk load failed: the room's own fetch answers, and the next ask tries the bulk again.
    expect(await rc.key(1)).toBe('single');
    fail = false;
    expect(await Promise.all([rc.key(2), rc.key(2)])).toEqual([null, null]);
    expect(fetchAll).toHaveBeenCalledTimes(2);
    expect(fetchKey).toHaveBeenCalledTimes(1);
    expect(rc.known(1)).toBe('single'); // a key already known is not replaced by the bulk answer
    // A room joined since: its own fetch; the bulk is not asked again within the session.
    expect(await rc.key(3)).toBe('single');
    expect(fetchAll).toHaveBeenCalledTimes(2);
    // A new session loads again.
    rc.clear();
    expect(await rc.key(1)).toBe(KEY);
    expect(fetchAll).toHaveBeenCalledTimes(3);
  });

  it('seals with the room key (plaintext without one), and reads its own ciphertext back without it', async () => {
    const rc = new RoomCrypto(async (roomId) => (roomId === 1 ? KEY : null));
    expect(await rc.seal(2, 'open')).toEqual({ content: 'open', encrypted: false });
    const sealed = await rc.seal(1, '비밀');
    expect(sealed.encrypted).toBe(true);
    expect(sealed.content.startsWith('v2:')).toBe(true);
    expect(await rc.decrypt('m:1', sealed.content, null)).toBe('비밀');
  });

  it('decrypts once per message, again when its content changed, and not without a key', async () => {
    const rc = new RoomCrypto(async () => KEY);
    const first = await encryptV2('one', KEY);
    expect(await rc.decrypt('m:5', first, null)).toBeNull(); // not cached: the key may come later
    expect(await rc.decrypt('m:5', first, KEY)).toBe('one');
    expect(rc.decrypt('m:5', first, KEY)).toBe(rc.decrypt('m:5', first, KEY));
    expect(await rc.decrypt('m:5', await encryptV2('one (edited)', KEY), KEY)).toBe('one (edited)');
    expect(await rc.decrypt('m:6', 'v2:AAAA:AAAA:AAAA:AAAA', KEY)).toBeNull();
  });
});
