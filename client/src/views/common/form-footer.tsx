import { t } from '../../i18n/index.ts';

/** The end of every dialog form: the action's error, Cancel, and the submit button. */
export function FormFooter(props: { error: string | null | undefined; onCancel: () => void; submitLabel: string; submitTestId: string; disabled: boolean }) {
  return (
    <>
      {props.error && (
        <p class="form-error" role="alert">
          {props.error}
        </p>
      )}
      <div class="dialog-actions">
        <button type="button" class="button ghost" onClick={props.onCancel}>
          {t('dialog.cancel')}
        </button>
        <button type="submit" class="button primary" data-testid={props.submitTestId} disabled={props.disabled}>
          {props.submitLabel}
        </button>
      </div>
    </>
  );
}
