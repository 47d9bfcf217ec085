import { type PreviewSource, previewText } from '../../../protocol/preview.ts';
import { plainText } from '../chat/markdown.ts';
import { locale } from '../i18n/index.ts';

/** The room list preview of a message that arrived here: the server's rule (protocol/preview.ts)
 * in the UI language, with the text of an encrypted message we could decrypt. The text is plain:
 * Markdown markers are dropped before the rule cuts it (at `max`, 25 by default; a preview the
 * server made, for a room loaded from the list, is shown as it came). */
export function previewOf(msg: PreviewSource | null, decrypted: string | null = null, max?: number): string {
  const text = msg?.message_type === 'text' && !msg.encrypted && msg.content !== null ? { ...msg, content: plainText(msg.content) } : msg;
  return previewText(text, locale.value, decrypted === null ? null : plainText(decrypted), max);
}
