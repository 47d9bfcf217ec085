import { z } from 'zod';
import { code } from './common.ts';
import { strictId } from './fields.ts';
import { MAX_ENCRYPTED_CONTENT_LENGTH, MAX_PLAINTEXT_CONTENT_LENGTH, resolveEncrypted } from './message-rules.ts';
import { codePointLength } from './text-length.ts';

export { DELETED_CONTENT, MAX_ENCRYPTED_CONTENT_LENGTH, MAX_PLAINTEXT_CONTENT_LENGTH, isDeletedContent, resolveEncrypted } from './message-rules.ts';

/** Limits count code points like the origin; `.length` is an upper bound, so most calls are O(1). */
export function contentWithinLimit(content: string, encrypted: boolean): boolean {
  const max = encrypted ? MAX_ENCRYPTED_CONTENT_LENGTH : MAX_PLAINTEXT_CONTENT_LENGTH;
  return content.length <= max || codePointLength(content) <= max;
}

/** Optional `encrypted` flag: strict boolean (the origin took any truthy value); null = absent. */
export const encryptedFlagSchema = z.boolean(code('MESSAGE_ENCRYPTED_NOT_BOOLEAN')).nullish();

/** New, optional: the room key version encrypted content is sealed with (rest/room-keys.ts).
 * Absent or null means 1, the version of every room that never rotated (origin clients). */
export const keyVersionField = z
  .number(code('ROOM_KEY_VERSION_INVALID'))
  .int(code('ROOM_KEY_VERSION_INVALID'))
  .positive(code('ROOM_KEY_VERSION_INVALID'))
  .max(Number.MAX_SAFE_INTEGER, code('ROOM_KEY_VERSION_INVALID'))
  .nullish();

const mentionIds = z.array(strictId('MENTIONS_INVALID'), code('MENTIONS_INVALID')).max(50, code('MENTIONS_INVALID'));

/** Mentioned user ids of a new message: at most 50 strict ids, duplicates dropped; absent → []. */
export const mentionsSchema = mentionIds.nullish().transform((v) => [...new Set(v ?? [])]);

/** New: the mentioned user ids of an edited message, as for a new one; absent → unchanged (an
 * origin client's edit keeps the message's mentions), null → none. */
export const editMentionsSchema = mentionIds.nullish().transform((v) => (v === undefined ? undefined : [...new Set(v ?? [])]));

/** Message text: trimmed (as the origin did); empty after trimming → MESSAGE_CONTENT_REQUIRED. */
export const requiredContentSchema = z
  .string(code('MESSAGE_CONTENT_REQUIRED'))
  .trim()
  .min(1, code('MESSAGE_CONTENT_REQUIRED'));

/** Resolve `encrypted` by `resolveEncrypted`, then apply the length limit for that kind of content. */
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

