import { isEncryptedContent } from '../../../protocol/crypto/index.ts';
import { DELETED_CONTENT, isDeletedContent } from '../../../protocol/message-rules.ts';
import type { MessageView } from '../../../protocol/rest/messages.ts';
import { t } from '../i18n/index.ts';
import { plainText } from './markdown.ts';
import type { KeyRing, RoomCrypto } from './room-crypto.ts';

type Content = Pick<MessageView, 'id' | 'content' | 'encrypted' | 'message_type' | 'key_version'>;

/** The text a bubble shows. Ciphertext is never shown: it is decrypted, or replaced by the
 * `chat.undecryptable` placeholder. Plaintext flagged encrypted (origin clients that omitted the
 * flag) is shown as is; ciphertext flagged plaintext is still decrypted when it can be. */
export async function messageText(crypto: RoomCrypto, m: Content, ring: KeyRing | null): Promise<string> {
  if (isDeletedContent(m)) return t('chat.deleted');
  const content = m.content ?? '';
  if (m.message_type !== 'text' || !isEncryptedContent(content)) return content;
  const text = await crypto.decrypt(`m:${m.id}`, content, ring, m.key_version ?? 1);
  if (text !== null) return text;
  return m.encrypted === 1 ? t('chat.undecryptable') : content;
}

const QUOTE_CHARS = 60;

/** A replied-to message as quoted above a reply (origin: up to 60 characters), as plain text:
 * Markdown markers are dropped before cutting. */
export function quote(text: string): string {
  const plain = plainText(text);
  const chars = Array.from(plain);
  return chars.length > QUOTE_CHARS ? `${chars.slice(0, QUOTE_CHARS).join('')}...` : plain;
}

/** The quoted text of a reply, from the reply_content (and its key version) the server joined in. */
export async function replyText(crypto: RoomCrypto, replyTo: number, content: string, ring: KeyRing | null, version = 1): Promise<string> {
  if (content === DELETED_CONTENT) return t('chat.deleted');
  if (!isEncryptedContent(content)) return quote(content);
  return quote((await crypto.decrypt(`m:${replyTo}`, content, ring, version)) ?? t('chat.undecryptable'));
}
