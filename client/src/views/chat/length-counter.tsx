import { MAX_PLAINTEXT_CONTENT_LENGTH } from '../../../../protocol/message-rules.ts';
import { codePointLength } from '../../../../protocol/text-length.ts';
import { locale, t } from '../../i18n/index.ts';

/** The server's limit, counted as it counts (code points of the trimmed text). Messages are
 * sealed before sending, but the ciphertext of 10,000 code points stays far below its own limit,
 * so this is the one that binds. */
export const MESSAGE_MAX = MAX_PLAINTEXT_CONTENT_LENGTH;
/** The counter appears from 90% of the limit. */
export const COUNTER_FROM = Math.floor(MESSAGE_MAX * 0.9);

export const messageLength = (text: string) => codePointLength(text.trim());

/** "9,512 / 10,000 characters" near the limit; over it, in the warning colour with the reason the
 * message cannot be sent. */
export function LengthCounter({ length, id }: { length: number; id: string }) {
  if (length < COUNTER_FROM) return null;
  const fmt = (n: number) => n.toLocaleString(locale.value);
  const over = length - MESSAGE_MAX;
  return (
    <p id={id} class={`composer-counter${over > 0 ? ' over' : ''}`} data-testid="char-counter" data-over={String(over > 0)}>
      <span>{t('message.length', { n: fmt(length), max: fmt(MESSAGE_MAX) })}</span>
      {over > 0 && (
        <span class="composer-too-long" data-testid="too-long" role="alert">
          {t('message.too_long', { max: fmt(MESSAGE_MAX), over: fmt(over) })}
        </span>
      )}
    </p>
  );
}
