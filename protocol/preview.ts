import { clientCatalog } from './i18n/client.ts';
import type { Locale } from './locale.ts';
import type { SystemPayload } from './rest/system-payload.ts';
import { systemText } from './system-text.ts';

const PREVIEW_CHARS = 25;

/** Text cut at 25 code points + '...' (only when longer), as the origin's clients did; `max`
 * for longer lines (a notification's body). */
export function cutPreview(text: string, max = PREVIEW_CHARS): string {
  const chars = Array.from(text);
  return chars.length > max ? `${chars.slice(0, max).join('')}...` : text;
}

export interface PreviewSource {
  message_type: string;
  content: string | null;
  encrypted: number | boolean;
  file_name: string | null;
  /** A system message's payload, when it has one. */
  system?: SystemPayload | null;
}

/** A room's last-message preview in `locale`: '새 대화' for an empty room, '[사진]', the file name or
 * '[파일]', '[암호화된 메시지]', else the text cut by `cutPreview` (for a system message with a
 * payload, its text worded in `locale`). The server (which cannot read ciphertext) and the client
 * (which passes the text it decrypted) share this one rule. */
export function previewText(msg: PreviewSource | null, locale: Locale, decrypted: string | null = null, max = PREVIEW_CHARS): string {
  const t = clientCatalog[locale];
  if (!msg) return t['rooms.empty_preview']!;
  if (msg.message_type === 'image') return t['preview.photo']!;
  if (msg.message_type === 'file') return msg.file_name || t['preview.file']!;
  if (msg.message_type === 'text' && msg.encrypted) return decrypted === null ? t['preview.encrypted']! : cutPreview(decrypted, max);
  const system = msg.message_type === 'system' ? systemText(msg.system, locale) : null;
  return cutPreview(system ?? msg.content ?? '', max);
}
