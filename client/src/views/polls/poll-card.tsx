import { useRef, useState } from 'preact/hooks';
import type { MyPoll } from '../../../../protocol/rest/polls.ts';
import { locale, t } from '../../i18n/index.ts';
import { confirmInApp } from '../common/confirm.tsx';
import { useAction } from '../common/use-action.ts';
import { useServices } from '../context.ts';
import { deadlineText, percent, sameSet, votesText } from './poll-format.ts';

/** One poll: question, who asked, single/multiple, anonymous, open or closed with its deadline;
 * the options with their counts, share of voters and my choice; radio buttons or checkboxes and
 * Vote while it is open; Close for its creator and room admins. Results are always shown (the
 * origin had no visibility rule); voters are never, only counts. */
export function PollCard(props: { poll: MyPoll; canClose: boolean }) {
  const { polls } = useServices();
  const { poll } = props;
  const [picked, setPicked] = useState<number[] | null>(null);
  const action = useAction();
  const card = useRef<HTMLElement>(null);
  const open = poll.closed === 0;
  const chosen = picked ?? poll.my_votes;
  const multiple = poll.multiple_choice === 1;
  const voted = poll.my_votes.length > 0;
  const name = `poll-${poll.id}`;

  const toggle = (optionId: number, on: boolean) => {
    if (!multiple) return setPicked([optionId]);
    setPicked(on ? [...chosen.filter((id) => id !== optionId), optionId] : chosen.filter((id) => id !== optionId));
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    if (await action.run(() => polls.vote(poll.id, chosen))) setPicked(null);
  };
  const close = async () => {
    if (!(await confirmInApp(t('polls.close_confirm'), { confirmLabel: t('polls.close'), danger: true }))) return;
    // The Close button goes with the open state: the focus stays on the card (so Escape still
    // reaches the panel around it), not on the page's body.
    if (await action.run(() => polls.close(poll.id))) card.current?.focus();
  };

  const meta = [
    poll.creator_name ? t('polls.by', { name: poll.creator_name }) : null,
    t(multiple ? 'polls.multiple_choice' : 'polls.single_choice'),
    poll.anonymous ? t('polls.anonymous_short') : null,
  ].filter(Boolean);
  const deadline = deadlineText(poll, locale.value);

  return (
    <article
      ref={card}
      tabIndex={-1}
      class={`poll-card${open ? '' : ' closed'}`}
      data-testid="poll-card" data-poll-id={poll.id} data-closed={open ? '0' : '1'} aria-labelledby={`${name}-q`}>
      <header class="poll-head">
        <h3 id={`${name}-q`} class="poll-question">
          {poll.question}
        </h3>
        <span class={`poll-state ${open ? 'open' : 'closed'}`} data-testid="poll-state">
          {t(open ? 'polls.state_open' : 'polls.state_closed')}
        </span>
      </header>
      <p class="poll-meta">
        {meta.join(' · ')}
        {deadline && (
          <>
            {' · '}
            <time dateTime={poll.ends_at ?? undefined} data-testid="poll-deadline">
              {deadline}
            </time>
          </>
        )}
      </p>
      <form onSubmit={submit}>
        <fieldset class="poll-options" disabled={!open || action.busy}>
          <legend class="sr-only">{poll.question}</legend>
          {poll.options.map((o) => {
            const mine = poll.my_votes.includes(o.id);
            const share = percent(o.vote_count, poll.total_voters);
            return (
              <label key={o.id} class={`poll-option${mine ? ' mine' : ''}`} data-testid="poll-option" data-option-id={o.id}>
                {open && (
                  <input
                    type={multiple ? 'checkbox' : 'radio'}
                    name={name}
                    checked={chosen.includes(o.id)}
                    onChange={(e) => toggle(o.id, e.currentTarget.checked)}
                  />
                )}
                <span class="poll-option-main">
                  <span class="poll-option-line">
                    <span class="poll-option-text">{o.option_text}</span>
                    {mine && <span class="poll-mine">{t('polls.my_vote')}</span>}
                    <span class="poll-count" data-testid="poll-count">
                      {votesText(o.vote_count)} · {share}%
                    </span>
                  </span>
                  <span class="poll-bar" aria-hidden="true">
                    <span style={{ width: `${share}%` }} />
                  </span>
                </span>
              </label>
            );
          })}
        </fieldset>
        <footer class="poll-foot">
          <span class="poll-voters" data-testid="poll-voters">
            {t('polls.voters', { n: poll.total_voters })}
          </span>
          {open && props.canClose && (
            <button type="button" class="button ghost danger" onClick={() => void close()} disabled={action.busy} data-testid="poll-close">
              {t('polls.close')}
            </button>
          )}
          {open && (
            <button type="submit" class="button primary" disabled={action.busy || chosen.length === 0 || sameSet(chosen, poll.my_votes)} data-testid="poll-vote">
              {t(voted ? 'polls.change_vote' : 'polls.vote')}
            </button>
          )}
        </footer>
      </form>
      {action.error && (
        <p class="form-error" role="alert">
          {action.error}
        </p>
      )}
    </article>
  );
}
