import { useMemo, useState } from 'preact/hooks';
import { t } from '../../i18n/index.ts';
import type { RoomTimeline } from '../../stores.ts';
import { Dialog } from '../common/dialog.tsx';
import { useAction } from '../common/use-action.ts';
import { useServices } from '../context.ts';
import { UserPicker } from '../rooms/user-picker.tsx';
import { FormFooter } from '../common/form-footer.tsx';

/** Invite people who are not members yet, picked by name. */
export function InviteDialog(props: { timeline: RoomTimeline; onClose(): void }) {
  const { rooms } = useServices();
  const members = props.timeline.members.value;
  const exclude = useMemo(() => members.map((m) => m.id), [members]);
  const [selected, setSelected] = useState<number[]>([]);
  const action = useAction();
  return (
    <Dialog title={t('chat.invite_title')} onClose={props.onClose} testId="invite-dialog">
      <form
        class="stack"
        onSubmit={async (e) => {
          e.preventDefault();
          if (selected.length && (await action.run(() => rooms.invite(props.timeline.roomId, selected)))) props.onClose();
        }}
      >
        <UserPicker multiple selected={selected} onChange={setSelected} exclude={exclude} />
        <FormFooter error={action.error} onCancel={props.onClose} submitLabel={t('chat.invite_submit')} submitTestId="invite-submit" disabled={selected.length === 0 || action.busy} />
      </form>
    </Dialog>
  );
}
