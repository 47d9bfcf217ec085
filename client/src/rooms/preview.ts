import type { MessageView } from '../../../protocol/rest/messages.ts';
import { t } from '../i18n/index.ts';

const PREVIEW_CHARS = 25;

/** Text cut at 25 code points + '...' (only when longer), as the server's list does. */
export function cutPreview(text: string): string {
  const chars = Array.from(text);
  return chars.length > PREVIEW_CHARS ? `${chars.slice(0, PREVIEW_CHARS).join('')}...` : text;
}

type PreviewSource = Pick<MessageView, 'message_type' | 'content' | 'encrypted' | 'file_name'>;

/** The room list preview of a message that arrived here, by the server's rules (server/rooms/list.ts
 * previewOf) in the UI language — except that an encrypted text we could decrypt shows its text:
 * the server cannot read it, we can, and that is what the user expects to see. */
export function previewOf(msg: PreviewSource | null, decrypted: string | null = null): string {
  if (!msg) return t('rooms.empty_preview');
  if (msg.message_type === 'image') return t('preview.photo');
  if (msg.message_type === 'file') return msg.file_name || t('preview.file');
  if (msg.message_type === 'text' && msg.encrypted === 1) return decrypted === null ? t('preview.encrypted') : cutPreview(decrypted);
  return cutPreview(msg.content ?? '');
}
