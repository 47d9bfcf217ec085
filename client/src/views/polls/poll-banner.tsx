import { useState } from 'preact/hooks';
import { locale, t } from '../../i18n/index.ts';
import { Icon } from '../common/icons.tsx';
import { useServices } from '../context.ts';
import { PollCard } from './poll-card.tsx';
import { deadlineText } from './poll-format.ts';
import { PollsPanel, useCanClose } from './polls-panel.tsx';

/** Polls are not messages (their own table, as in the origin), so the chat shows them above the
 * timeline: the newest open poll as a compact bar that unfolds into its card (vote right there),
 * and a link to the others. Nothing shows while no poll is open. */
export function PollBanner(props: { roomId: number; admin: boolean }) {
  const { polls } = useServices();
  const [expanded, setExpanded] = useState(false);
  const [panel, setPanel] = useState(false);
  const canClose = useCanClose(props.admin);
  const open = (polls.of(props.roomId).value ?? []).filter((p) => p.closed === 0);
  const poll = open[0];
  if (!poll) return panel ? <PollsPanel roomId={props.roomId} admin={props.admin} onClose={() => setPanel(false)} /> : null;
  const deadline = deadlineText(poll, locale.value);

  return (
    <section class="poll-banner" aria-label={t('polls.title')} data-testid="poll-banner">
      <div class="poll-banner-bar">
        <Icon name="poll" />
        <button type="button" class="poll-banner-title" aria-expanded={expanded} onClick={() => setExpanded(!expanded)} data-testid="poll-banner-toggle">
          <span class="poll-banner-question">{poll.question}</span>
          <span class="poll-banner-meta">
            {t('polls.voters', { n: poll.total_voters })}
            {deadline && ` · ${deadline}`}
          </span>
        </button>
        {open.length > 1 && (
          <button type="button" class="link-button" onClick={() => setPanel(true)} data-testid="poll-banner-more">
            {t('polls.more', { n: open.length - 1 })}
          </button>
        )}
        <button type="button" class="icon-button" aria-label={t(expanded ? 'polls.hide' : 'polls.show')} title={t(expanded ? 'polls.hide' : 'polls.show')} onClick={() => setExpanded(!expanded)}>
          <span class={`chevron${expanded ? ' up' : ''}`}>
            <Icon name="down" />
          </span>
        </button>
      </div>
      {expanded && (
        <div class="poll-banner-card">
          <PollCard key={poll.id} poll={poll} canClose={canClose(poll.created_by)} />
        </div>
      )}
      {panel && <PollsPanel roomId={props.roomId} admin={props.admin} onClose={() => setPanel(false)} />}
    </section>
  );
}
