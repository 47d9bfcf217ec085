import crypto from 'node:crypto';
import type { RoomKeyRing } from '../../protocol/rest/room-keys.ts';
import type { StoredRing } from './repo.ts';

/** Room keys at rest: the 44-character key string (what clients derive message keys from)
 * wrapped with the server master key, AES-256-GCM, stored as `g1:` + base64(iv ‖ tag ‖ cipher).
 * Unwrapping never falls back to returning the blob (the origin handed out garbage keys when
 * its master key changed): a wrong master key is an error. */
export class RoomKeys {
  /** Unwrapped keys by `room:version`: a version's key never changes once it exists. */
  private cache = new Map<string, string>();

  constructor(private readonly masterKey: Uint8Array) {}

  /** A room's stored versions as the wire gives them to a member (their versions only: the repo
   * selected them). */
  ring(stored: StoredRing): Omit<RoomKeyRing, 'room_id'> {
    const encryption_keys = stored.versions.map(({ version, wrapped }) => ({ version, key: this.unwrapCached(stored.roomId, version, wrapped) }));
    const current = encryption_keys.find((k) => k.version === stored.current);
    return { encryption_key: current?.key ?? null, key_version: stored.current, encryption_keys };
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

  private unwrapCached(roomId: number, version: number, wrapped: string): string {
    const id = `${roomId}:${version}`;
    const hit = this.cache.get(id);
    if (hit !== undefined) return hit;
    const key = this.unwrap(wrapped);
    if (this.cache.size >= 10_000) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(id, key);
    return key;
  }
}
