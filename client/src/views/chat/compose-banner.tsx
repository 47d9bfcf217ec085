import { t } from '../../i18n/index.ts';
import { quote } from '../../chat/message-text.ts';
import { Icon } from '../common/icons.tsx';
import type { ComposeMode } from './compose-mode.ts';

/** Above the message box while it answers or edits a message: what, a quote of it, and Cancel. */
export function ComposeBanner(props: { mode: ComposeMode; error: string | null; onCancel(): void }) {
  const { kind, item } = props.mode;
  const label = kind === 'edit' ? t('compose.editing') : t('compose.replying_to', { name: item.senderName ?? t('chat.unknown_sender') });
  return (
    <div class={`compose-banner ${kind}`} data-testid="compose-banner" data-kind={kind}>
      <Icon name={kind === 'edit' ? 'edit' : 'reply'} size={16} />
      <div class="compose-banner-text">
        <strong>{label}</strong>
        <span>{quote(item.text)}</span>
      </div>
      {props.error && (
        <span class="compose-banner-error" role="alert">
          {props.error}
        </span>
      )}
      <button type="button" class="icon-button" aria-label={t('compose.cancel')} title={t('compose.cancel')} onClick={props.onCancel} data-testid="compose-cancel">
        <Icon name="x" size={16} />
      </button>
    </div>
  );
}
