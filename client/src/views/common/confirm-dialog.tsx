import { t } from '../../i18n/index.ts';
import { Dialog } from './dialog.tsx';

/** An in-app yes/no question (never the browser's confirm()). For a destructive one Cancel has
 * the focus, so Enter or Escape alone never does it; otherwise the answer has it. */
export function ConfirmDialog(props: {
  title: string;
  message: string;
  confirmLabel: string;
  busy?: boolean;
  error?: string | null;
  danger?: boolean;
  onConfirm(): void;
  onCancel(): void;
  testId?: string;
}) {
  return (
    <Dialog title={props.title} onClose={props.onCancel} testId={props.testId}>
      <div class="stack">
        <p class="confirm-message" data-testid="confirm-message">
          {props.message}
        </p>
        {props.error && (
          <p class="form-error" role="alert">
            {props.error}
          </p>
        )}
        <div class="dialog-actions">
          <button type="button" class="button ghost" data-autofocus={props.danger || undefined} onClick={props.onCancel} data-testid="confirm-cancel">
            {t('dialog.cancel')}
          </button>
          <button
            type="button"
            class={props.danger ? 'button soft danger' : 'button primary'}
            disabled={props.busy}
            data-autofocus={!props.danger || undefined}
            onClick={props.onConfirm}
            data-testid="confirm-ok"
          >
            {props.confirmLabel}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
