import crypto from 'node:crypto';

/** The stored key of a room: null when it has none, undefined when the room does not exist. */
export type WrappedKeyLookup = (roomId: number) => Promise<string | null | undefined>;

/** Room keys at rest: the 44-character key string (what clients derive message keys from)
 * wrapped with the server master key, AES-256-GCM, stored as `g1:` + base64(iv ‖ tag ‖ cipher).
 * Unwrapping never falls back to returning the blob (the origin handed out garbage keys when
 * its master key changed): a wrong master key is an error. */
export class RoomKeys {
  /** Unwrapped keys by room: a key never changes once the room exists (no rotation yet). */
  private cache = new Map<number, string | null>();

  constructor(
    private readonly masterKey: Uint8Array,
    private readonly lookup: WrappedKeyLookup,
  ) {}

  /** The room's key string for members (messages meta); null for a room without one. */
  async forRoom(roomId: number): Promise<string | null> {
    const hit = this.cache.get(roomId);
    if (hit !== undefined) return hit;
    const stored = await this.lookup(roomId);
    return stored === undefined ? null : this.fromStored(roomId, stored);
  }

  /** The key of a room whose stored key the caller already read (the caller's rooms at once). */
  fromStored(roomId: number, stored: string | null): string | null {
    const hit = this.cache.get(roomId);
    if (hit !== undefined) return hit;
    const key = stored == null ? null : this.unwrap(stored);
    if (this.cache.size >= 10_000) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(roomId, key);
    return key;
  }

  /** A fresh room key string: base64 of 32 random bytes (origin format). */
  generate(): string {
    return crypto.randomBytes(32).toString('base64');
  }

  wrap(roomKey: string): string {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.masterKey, iv);
    const body = Buffer.concat([cipher.update(roomKey, 'utf8'), cipher.final()]);
    return `g1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  unwrap(stored: string): string {
    if (!stored.startsWith('g1:')) throw new Error('unknown room key format');
    const raw = Buffer.from(stored.slice(3), 'base64');
    const decipher = crypto.createDecipheriv('aes-256-gcm', this.masterKey, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }
}
