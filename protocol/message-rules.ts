import { isEncryptedContent } from './crypto/index.ts';

/** Message rules both sides apply, without zod (the client bundle does not carry it). */

/** Ciphertext may be long (never truncated); plaintext is bounded by policy (origin limits), in
 * code points (`text-length.ts`). The composer counts against the plaintext limit: a sealed message
 * of at most 10,000 code points stays far below the ciphertext limit. */
export const MAX_ENCRYPTED_CONTENT_LENGTH = 200_000;
export const MAX_PLAINTEXT_CONTENT_LENGTH = 10_000;

/** The server's `encrypted` default. The origin defaulted to true, so a client that omitted the
 * flag stored plaintext as "encrypted" (unsearchable, previewed as ciphertext). We default to false
 * unless the content looks like v1/v2 ciphertext; an explicit flag is kept. */
export function resolveEncrypted(flag: boolean | null | undefined, content: string): boolean {
  return flag ?? isEncryptedContent(content);
}

/** What a deleted message's content becomes (origin soft delete: this text, encrypted 0). */
export const DELETED_CONTENT = '[삭제된 메시지]';

/** A soft-deleted message (system notices are never deleted). */
export function isDeletedContent(m: { content: string | null; encrypted: number | boolean; message_type: string }): boolean {
  return m.message_type !== 'system' && !m.encrypted && m.content === DELETED_CONTENT;
}
