import { useState } from 'preact/hooks';
import { t } from '../../i18n/index.ts';
import { Dialog } from '../common/dialog.tsx';
import { Icon } from '../common/icons.tsx';
import { useServices } from '../context.ts';
import { NewPollDialog } from './new-poll-dialog.tsx';
import { PollCard } from './poll-card.tsx';

/** Whether I may close a poll: its creator, or a room admin. */
export function useCanClose(admin: boolean): (createdBy: number) => boolean {
  const { session } = useServices();
  const me = session.user?.id ?? null;
  return (createdBy) => admin || createdBy === me;
}

/** The room's polls, newest first (open and closed), and "New poll". Live: cards follow the
 * poll events. The create form replaces the list while it is open, then the list comes back. */
export function PollsPanel(props: { roomId: number; admin: boolean; onClose(): void }) {
  const { polls } = useServices();
  const [creating, setCreating] = useState(false);
  const list = polls.of(props.roomId).value;
  const canClose = useCanClose(props.admin);

  if (creating) return <NewPollDialog key="new" roomId={props.roomId} onClose={() => setCreating(false)} />;

  return (
    <Dialog key="list" title={t('polls.title')} onClose={props.onClose} testId="polls-panel">
      <div class="stack">
        <button type="button" class="button soft" onClick={() => setCreating(true)} data-testid="polls-new">
          <Icon name="plus" /> {t('polls.new')}
        </button>
        {list && list.length === 0 && <p class="muted">{t('polls.empty')}</p>}
        <div class="poll-list">
          {list?.map((p) => (
            <PollCard key={p.id} poll={p} canClose={canClose(p.created_by)} />
          ))}
        </div>
      </div>
    </Dialog>
  );
}
