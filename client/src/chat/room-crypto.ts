import { decryptMessage, encryptV2 } from '../../../protocol/crypto/index.ts';
import type { RoomKeyVersion } from '../../../protocol/rest/room-keys.ts';

const CACHE_LIMIT = 5000;

/** One room's keys as the server gives them to this member: the current version (new messages
 * are sealed with it) and every version the member may read (from their join on). */
export interface KeyRing {
  roomId: number;
  current: number;
  keys: ReadonlyMap<number, string>;
}

/** A key answer: GET /api/rooms/:id/keys, an entry of GET /api/rooms/keys, or a messages meta.
 * Without `key_version`/`encryption_keys` (an older server) the one key is version 1. */
export interface KeyAnswer {
  encryption_key: string | null;
  key_version?: number;
  encryption_keys?: RoomKeyVersion[];
}

/** The ring of an answer; null for a room without a key (its messages are plaintext). */
export function ringOf(roomId: number, answer: KeyAnswer): KeyRing | null {
  const keys = new Map((answer.encryption_keys ?? []).map((k) => [k.version, k.key] as const));
  const current = answer.key_version ?? 1;
  if (answer.encryption_key && !keys.has(current)) keys.set(current, answer.encryption_key);
  return keys.size === 0 ? null : { roomId, current, keys };
}

/** Everything about room keys in one place, shared by the chat store (which reads history and
 * events) and the sender (which seals what it sends):
 * - key rings as the server gives them (null: the room has none, its messages are plaintext), in
 *   memory only: all the caller's rooms at once when the first key is needed (previews and
 *   notifications of rooms never opened), then a room not known yet is fetched once, whoever
 *   asks; a room is fetched again when its key rotates (room_key_rotated) or a message of a newer
 *   version than the ring's arrives;
 * - decryption with the key of each message's version, cached by message: v2/v1 is PBKDF2 per
 *   message, and a changed content (an edit) is decrypted again; `null` means it could not be
 *   read (no key for that version, wrong key, tampered);
 * - sealing: v2 with the current key, as the origin desktop does; plaintext for a room without one. */
export class RoomCrypto {
  private readonly rings = new Map<number, KeyRing | null>();
  private readonly fetches = new Map<number, Promise<KeyRing | null>>();
  private readonly cache = new Map<string, { content: string; text: Promise<string | null> }>();
  /** Ciphertext written here → its plaintext: the echo and catch-up of my own messages need no
   * PBKDF2 (nor the key). Only messages of this session, so it stays small. */
  private readonly own = new Map<string, string>();
  /** The one load of every key of the session (null: not started, or failed and to be retried). */
  private all: Promise<void> | null = null;
  /** Bumped by clear(): a fetch of the previous session does not store its answer. */
  private epoch = 0;

  constructor(
    private readonly fetchKey: (roomId: number) => Promise<KeyAnswer>,
    private readonly fetchAll: () => Promise<Array<KeyAnswer & { room_id: number }>> = async () => [],
  ) {}

  // ---- keys

  has(roomId: number): boolean {
    return this.rings.has(roomId);
  }

  /** The ring if known (null also when unknown: use `has` to tell). */
  known(roomId: number): KeyRing | null {
    return this.rings.get(roomId) ?? null;
  }

  /** An answer from the server. A ring never goes back to an older current version (answers
   * that crossed a rotation arrive in any order). */
  set(roomId: number, answer: KeyAnswer): void {
    const next = ringOf(roomId, answer);
    const held = this.rings.get(roomId);
    if (held && next && held.current > next.current) return;
    this.rings.set(roomId, next);
  }

  /** The ring, fetched when not known yet (rejects when it cannot be fetched). */
  async key(roomId: number): Promise<KeyRing | null> {
    if (!this.rings.has(roomId)) await this.loadAll();
    if (this.rings.has(roomId)) return this.known(roomId);
    return this.refresh(roomId);
  }

  /** Fetch the room's ring again (a rotation); one fetch at a time per room, whoever asks. */
  refresh(roomId: number): Promise<KeyRing | null> {
    let pending = this.fetches.get(roomId);
    if (!pending) {
      const epoch = this.epoch;
      pending = this.fetchKey(roomId)
        .then((answer) => {
          if (epoch !== this.epoch) return ringOf(roomId, answer);
          this.set(roomId, answer);
          return this.known(roomId);
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
        (answers) => {
          if (epoch === this.epoch) for (const a of answers) if (!this.rings.has(a.room_id)) this.set(a.room_id, a);
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

  /** `version` is the message's key version (absent on the wire: 1). */
  decrypt(cacheKey: string, content: string, ring: KeyRing | null, version = 1): Promise<string | null> {
    const hit = this.cache.get(cacheKey);
    if (hit && hit.content === content) return hit.text;
    const mine = this.own.get(content);
    if (mine !== undefined) {
      const text = Promise.resolve(mine);
      this.remember(cacheKey, content, text);
      return text;
    }
    if (!ring) return Promise.resolve(null); // not cached: a key may come later
    const key = ring.keys.get(version);
    if (key === undefined) {
      // Not cached: a version not held is never worth a PBKDF2. A version newer than the ring
      // means the message came before room_key_rotated was handled: fetch the ring once.
      if (version <= ring.current) return Promise.resolve(null);
      const held = this.known(ring.roomId);
      if (held?.keys.has(version)) return this.decrypt(cacheKey, content, held, version);
      return this.refresh(ring.roomId).then(
        (fresh) => (fresh?.keys.has(version) ? this.decrypt(cacheKey, content, fresh, version) : null),
        () => null,
      );
    }
    const text = decryptMessage(content, key).catch(() => null);
    this.remember(cacheKey, content, text);
    return text;
  }

  // ---- sealing

  /** Outgoing text as it goes on the wire, sealed with the room's current key version (fetches
   * the key first; rejects when it cannot). */
  async seal(roomId: number, text: string): Promise<{ content: string; encrypted: boolean; key_version?: number }> {
    const ring = await this.key(roomId);
    const key = ring?.keys.get(ring.current);
    if (!ring || !key) return { content: text, encrypted: false };
    const content = await encryptV2(text, key);
    this.seed(content, text);
    return { content, encrypted: true, key_version: ring.current };
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
    this.rings.clear();
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
