import { type PreviewSource, previewText } from '../../../protocol/preview.ts';
import { locale } from '../i18n/index.ts';

/** The room list preview of a message that arrived here: the server's rule (protocol/preview.ts)
 * in the UI language, with the text of an encrypted message we could decrypt. */
export function previewOf(msg: PreviewSource | null, decrypted: string | null = null, max?: number): string {
  return previewText(msg, locale.value, decrypted, max);
}
