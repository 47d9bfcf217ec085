import { useMemo, useState } from 'preact/hooks';
import { t } from '../../i18n/index.ts';
import { useValue } from '../../state/signal.ts';
import type { RoomTimeline } from '../../stores.ts';
import { Dialog } from '../common/dialog.tsx';
import { useAction } from '../common/use-action.ts';
import { useServices } from '../context.ts';
import { UserPicker } from '../rooms/user-picker.tsx';

/** Invite people who are not members yet, picked by name. */
export function InviteDialog(props: { timeline: RoomTimeline; onClose(): void }) {
  const { rooms } = useServices();
  const members = useValue(props.timeline.members);
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
        {action.error && (
          <p class="form-error" role="alert">
            {action.error}
          </p>
        )}
        <div class="dialog-actions">
          <button type="button" class="button ghost" onClick={props.onClose}>
            {t('dialog.cancel')}
          </button>
          <button type="submit" class="button primary" data-testid="invite-submit" disabled={selected.length === 0 || action.busy}>
            {t('chat.invite_submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
