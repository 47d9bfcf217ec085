import { decryptMessage, encryptV2 } from '../../../protocol/crypto/index.ts';

const CACHE_LIMIT = 5000;

/** Everything about room keys in one place, shared by the chat store (which reads history and
 * events) and the sender (which seals what it sends):
 * - keys as the server gives them (null: the room has none, its messages are plaintext), in
 *   memory only: all the caller's rooms at once when the first key is needed (previews and
 *   notifications of rooms never opened), then a key not known yet is fetched once, whoever asks;
 * - decryption, cached by message: v2/v1 is PBKDF2 per message, and a changed content (an edit)
 *   is decrypted again; `null` means it could not be read (no key, wrong key, tampered);
 * - sealing: v2 with the room key, as the origin desktop does; plaintext for a room without one. */
export class RoomCrypto {
  private readonly keys = new Map<number, string | null>();
  private readonly fetches = new Map<number, Promise<string | null>>();
  private readonly cache = new Map<string, { content: string; text: Promise<string | null> }>();
  /** Ciphertext written here → its plaintext: the echo and catch-up of my own messages need no
   * PBKDF2 (nor the key). Only messages of this session, so it stays small. */
  private readonly own = new Map<string, string>();
  /** The one load of every key of the session (null: not started, or failed and to be retried). */
  private all: Promise<void> | null = null;
  /** Bumped by clear(): a fetch of the previous session does not store its answer. */
  private epoch = 0;

  constructor(
    private readonly fetchKey: (roomId: number) => Promise<string | null>,
    private readonly fetchAll: () => Promise<{ room_id: number; encryption_key: string | null }[]> = async () => [],
  ) {}

  // ---- keys

  has(roomId: number): boolean {
    return this.keys.has(roomId);
  }

  /** The key if known (null also when unknown: use `has` to tell). */
  known(roomId: number): string | null {
    return this.keys.get(roomId) ?? null;
  }

  set(roomId: number, key: string | null): void {
    this.keys.set(roomId, key);
  }

  /** The key, fetched when not known yet (rejects when it cannot be fetched). */
  async key(roomId: number): Promise<string | null> {
    if (!this.keys.has(roomId)) await this.loadAll();
    if (this.keys.has(roomId)) return this.known(roomId);
    let pending = this.fetches.get(roomId);
    if (!pending) {
      const epoch = this.epoch;
      pending = this.fetchKey(roomId)
        .then((key) => {
          if (epoch === this.epoch) this.keys.set(roomId, key);
          return key;
        })
        .finally(() => this.fetches.delete(roomId));
      this.fetches.set(roomId, pending);
    }
    return pending;
  }

  /** Every key of the caller's rooms, once per session; a failure is retried by the next ask. */
  private loadAll(): Promise<void> {
    if (!this.all) {
      const epoch = this.epoch;
      const load = this.fetchAll().then(
        (keys) => {
          if (epoch === this.epoch) for (const k of keys) if (!this.keys.has(k.room_id)) this.keys.set(k.room_id, k.encryption_key);
        },
        () => {
          if (this.all === load) this.all = null;
        },
      );
      this.all = load;
    }
    return this.all;
  }

  // ---- decryption

  decrypt(cacheKey: string, content: string, roomKey: string | null): Promise<string | null> {
    const hit = this.cache.get(cacheKey);
    if (hit && hit.content === content) return hit.text;
    const mine = this.own.get(content);
    if (mine !== undefined) {
      const text = Promise.resolve(mine);
      this.remember(cacheKey, content, text);
      return text;
    }
    if (!roomKey) return Promise.resolve(null); // not cached: a key may come later
    const text = decryptMessage(content, roomKey).catch(() => null);
    this.remember(cacheKey, content, text);
    return text;
  }

  // ---- sealing

  /** Outgoing text as it goes on the wire (fetches the key first; rejects when it cannot). */
  async seal(roomId: number, text: string): Promise<{ content: string; encrypted: boolean }> {
    const key = await this.key(roomId);
    if (!key) return { content: text, encrypted: false };
    const content = await encryptV2(text, key);
    this.seed(content, text);
    return { content, encrypted: true };
  }

  /** We wrote this ciphertext ourselves: no need to decrypt it again when it comes back. */
  seed(content: string, text: string): void {
    if (this.own.size >= CACHE_LIMIT) this.own.delete(this.own.keys().next().value!);
    this.own.set(content, text);
  }

  /** Logout: a new user starts without keys or cached texts. */
  clear(): void {
    this.epoch++;
    this.all = null;
    this.keys.clear();
    this.fetches.clear();
    this.cache.clear();
    this.own.clear();
  }

  private remember(cacheKey: string, content: string, text: Promise<string | null>): void {
    this.cache.delete(cacheKey);
    // Oldest out first (Map keeps insertion order): bounded memory in a long session.
    if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(cacheKey, { content, text });
  }
}
