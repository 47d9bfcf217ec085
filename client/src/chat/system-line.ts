import type { SystemPayload } from '../../../protocol/rest/system-payload.ts';
import { systemText } from '../../../protocol/system-text.ts';
import { locale } from '../i18n/index.ts';

/** A system message as the UI shows it: worded from its payload in the UI language, else its
 * stored text (a notice from before payloads, or of a kind this build does not know). It reads
 * the `locale` signal, so a view calling it while rendering follows a language switch. */
export function systemLine(system: SystemPayload | null | undefined, stored: string): string {
  return systemText(system, locale.value) ?? stored;
}
