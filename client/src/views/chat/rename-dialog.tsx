import { useState } from 'preact/hooks';
import { t } from '../../i18n/index.ts';
import { Dialog } from '../common/dialog.tsx';
import { useAction } from '../common/use-action.ts';
import { useServices } from '../context.ts';
import { FormFooter } from '../common/form-footer.tsx';

export function RenameDialog(props: { roomId: number; name: string; onClose(): void }) {
  const { rooms } = useServices();
  const [name, setName] = useState(props.name);
  const action = useAction();
  return (
    <Dialog title={t('chat.rename_title')} onClose={props.onClose} testId="rename-dialog">
      <form
        class="stack"
        onSubmit={async (e) => {
          e.preventDefault();
          if (await action.run(() => rooms.rename(props.roomId, name.trim()))) props.onClose();
        }}
      >
        <label class="field">
          <span>{t('new_room.group_name')}</span>
          <input data-testid="rename-input" data-autofocus value={name} maxLength={50} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <FormFooter error={action.error} onCancel={props.onClose} submitLabel={t('chat.rename_save')} submitTestId="rename-submit" disabled={!name.trim() || action.busy} />
      </form>
    </Dialog>
  );
}
