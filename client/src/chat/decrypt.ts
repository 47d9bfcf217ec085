import { decryptMessage, encryptV2, isEncryptedContent } from '../../../protocol/crypto/index.ts';

const CACHE_LIMIT = 5000;

/** Message text from its stored content: v2/v1 ciphertext is decrypted with the room key (PBKDF2
 * per message, so results are cached by message; a changed content — an edit — is decrypted
 * again). `null` means it could not be read (no key, wrong key, tampered). */
export class Decryptor {
  private readonly cache = new Map<string, { content: string; text: Promise<string | null> }>();
  /** Ciphertext written here → its plaintext: the echo and catch-up of my own messages need no
   * PBKDF2 (nor the key). Only messages of this session, so it stays small. */
  private readonly own = new Map<string, string>();

  text(cacheKey: string, content: string, roomKey: string | null): Promise<string | null> {
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

  /** We wrote this ciphertext ourselves: no need to decrypt it again when it comes back. */
  seed(content: string, text: string): void {
    if (this.own.size >= CACHE_LIMIT) this.own.delete(this.own.keys().next().value!);
    this.own.set(content, text);
  }

  clear(): void {
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

/** Outgoing text: v2 with the room key, as the origin desktop does; plaintext for a room without one. */
export async function sealText(text: string, roomKey: string | null): Promise<{ content: string; encrypted: boolean }> {
  return roomKey ? { content: await encryptV2(text, roomKey), encrypted: true } : { content: text, encrypted: false };
}

export { isEncryptedContent };
