import { useState } from 'preact/hooks';
import { t } from '../../i18n/index.ts';
import { Dialog } from '../common/dialog.tsx';
import { FormFooter } from '../common/form-footer.tsx';
import { useAction } from '../common/use-action.ts';
import { useServices } from '../context.ts';

/** A free-text notice (up to 500 characters, as the server allows). */
export function NewPinDialog(props: { roomId: number; onClose(): void }) {
  const { pins } = useServices();
  const [text, setText] = useState('');
  const action = useAction();
  return (
    <Dialog title={t('pins.new')} onClose={props.onClose} testId="new-pin-dialog">
      <form
        class="stack"
        onSubmit={async (e) => {
          e.preventDefault();
          if (await action.run(() => pins.create(props.roomId, { text: text.trim() }))) props.onClose();
        }}
      >
        <label class="field">
          <span>{t('pins.text')}</span>
          <textarea data-testid="new-pin-text" data-autofocus rows={3} value={text} maxLength={500} onInput={(e) => setText(e.currentTarget.value)} />
        </label>
        <FormFooter error={action.error} onCancel={props.onClose} submitLabel={t('pins.save')} submitTestId="new-pin-submit" disabled={!text.trim() || action.busy} />
      </form>
    </Dialog>
  );
}
