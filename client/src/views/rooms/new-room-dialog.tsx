import { useState } from 'preact/hooks';
import { t } from '../../i18n/index.ts';
import { Dialog } from '../common/dialog.tsx';
import { useAction } from '../common/use-action.ts';
import { useServices } from '../context.ts';
import { UserPicker } from './user-picker.tsx';
import { FormFooter } from '../common/form-footer.tsx';

/** "New chat" (one person → the direct room, existing or new) and "New group" (a name and at
 * least two people: the server makes a two-member room a direct one). The new room is opened. */
export function NewRoomDialog(props: { kind: 'direct' | 'group'; onClose(): void }) {
  const { rooms } = useServices();
  const [selected, setSelected] = useState<number[]>([]);
  const [name, setName] = useState('');
  const action = useAction();
  const group = props.kind === 'group';
  const enough = selected.length >= (group ? 2 : 1);

  async function create(ids = selected) {
    if (ids.length < (group ? 2 : 1)) return;
    let id = 0;
    const ok = await action.run(async () => {
      id = group ? await rooms.createGroup(name.trim(), ids) : await rooms.createDirect(ids[0]);
    });
    if (ok) {
      rooms.current.value = id;
      props.onClose();
    }
  }

  return (
    <Dialog title={t(group ? 'rooms.new_group' : 'rooms.new_direct')} onClose={props.onClose} testId="new-room-dialog">
      <form
        class="stack"
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        {group && (
          <label class="field">
            <span>{t('new_room.group_name')}</span>
            <input
              data-testid="group-name"
              data-autofocus
              value={name}
              maxLength={50}
              placeholder={t('new_room.group_name_placeholder')}
              onInput={(e) => setName(e.currentTarget.value)}
            />
          </label>
        )}
        <UserPicker multiple={group} selected={selected} onChange={setSelected} onSubmit={(ids) => void create(ids)} />
        {group && selected.length === 1 && <p class="muted form-hint">{t('new_room.group_min')}</p>}
        <FormFooter error={action.error} onCancel={props.onClose} submitLabel={t(group ? 'new_room.create' : 'new_room.start')} submitTestId="create-room-submit" disabled={!enough || action.busy} />
      </form>
    </Dialog>
  );
}
