import { z } from 'zod';
import { code } from './common.ts';
import { codePointLength } from './fields.ts';

/** Ciphertext may be long (never truncated); plaintext is bounded by policy (origin limits). */
export const MAX_ENCRYPTED_CONTENT_LENGTH = 200_000;
export const MAX_PLAINTEXT_CONTENT_LENGTH = 10_000;

/** True for the two ciphertext formats: v2 (`v2:salt:iv:cipher:hmac`) and v1 OpenSSL
 * (base64 of "Salted__" starts with `U2FsdGVkX`). */
export function looksEncrypted(content: string): boolean {
  return content.startsWith('v2:') || content.startsWith('U2FsdGVkX');
}

/** The server's `encrypted` default. The origin defaulted to true, so a client that omitted the
 * flag stored plaintext as "encrypted" (unsearchable, previewed as ciphertext).
 * We default to false unless the content looks like ciphertext; an explicit flag is kept. */
export function resolveEncrypted(flag: boolean | null | undefined, content: string): boolean {
  return flag ?? looksEncrypted(content);
}

/** Limits count code points like the origin; `.length` is an upper bound, so most calls are O(1). */
export function contentWithinLimit(content: string, encrypted: boolean): boolean {
  const max = encrypted ? MAX_ENCRYPTED_CONTENT_LENGTH : MAX_PLAINTEXT_CONTENT_LENGTH;
  return content.length <= max || codePointLength(content) <= max;
}

/** Optional `encrypted` flag: strict boolean (the origin took any truthy value); null = absent. */
export const encryptedFlagSchema = z.boolean(code('MESSAGE_ENCRYPTED_NOT_BOOLEAN')).nullish();

/** Message text: trimmed (as the origin did); empty after trimming → MESSAGE_CONTENT_REQUIRED. */
export const requiredContentSchema = z
  .string(code('MESSAGE_CONTENT_REQUIRED'))
  .trim()
  .min(1, code('MESSAGE_CONTENT_REQUIRED'));

/** Resolve `encrypted` by the rule above, then apply the length limit for that kind of content. */
export function applyEncryptionRule<T extends { content: string; encrypted?: boolean | null }>(
  body: T,
  ctx: z.RefinementCtx,
): Omit<T, 'encrypted'> & { encrypted: boolean } {
  const encrypted = resolveEncrypted(body.encrypted, body.content);
  if (!contentWithinLimit(body.content, encrypted)) {
    ctx.addIssue({ code: 'custom', message: 'MESSAGE_CONTENT_TOO_LONG', path: ['content'], input: body.content });
    return z.NEVER;
  }
  return { ...body, encrypted };
}

/** What a deleted message's content becomes (origin soft delete: this text, encrypted 0). */
export const DELETED_CONTENT = '[삭제된 메시지]';

/** A soft-deleted message (system notices are never deleted). */
export function isDeletedContent(m: { content: string | null; encrypted: number | boolean; message_type: string }): boolean {
  return m.message_type !== 'system' && !m.encrypted && m.content === DELETED_CONTENT;
}
