import { useState } from 'preact/hooks';
import { t } from '../../i18n/index.ts';
import { Dialog } from '../common/dialog.tsx';
import { FormFooter } from '../common/form-footer.tsx';
import { Icon } from '../common/icons.tsx';
import { useAction } from '../common/use-action.ts';
import { useServices } from '../context.ts';
import { isoToLocalInput, localInputToIso } from './poll-format.ts';

const MIN_OPTIONS = 2;
const MAX_OPTIONS = 10;

/** Create a poll: question, 2–10 options (added and removed here, never cut off), single or
 * multiple choice, anonymous, and an optional deadline picked in local time and sent in UTC. The
 * server checks it all again; its refusal is shown as is. */
export function NewPollDialog(props: { roomId: number; onClose(): void; onCreated?(): void }) {
  const { polls } = useServices();
  const [question, setQuestion] = useState('');
  const [options, setOptions] = useState(['', '']);
  const [multiple, setMultiple] = useState(false);
  const [anonymous, setAnonymous] = useState(false);
  const [useDeadline, setUseDeadline] = useState(false);
  // The origin's default: an hour from now.
  const [deadline, setDeadline] = useState(() => isoToLocalInput(new Date(Date.now() + 3_600_000)));
  const action = useAction();
  const filled = options.filter((o) => o.trim()).length;
  const ready = question.trim() !== '' && filled === options.length && options.length >= MIN_OPTIONS && (!useDeadline || deadline !== '');

  const setOption = (i: number, value: string) => setOptions(options.map((o, j) => (j === i ? value : o)));

  async function submit(e: Event) {
    e.preventDefault();
    if (!ready) return;
    const ok = await action.run(() =>
      polls.create(props.roomId, {
        question: question.trim(),
        options: options.map((o) => o.trim()),
        multiple_choice: multiple,
        anonymous,
        ends_at: useDeadline ? localInputToIso(deadline) : null,
      }),
    );
    if (ok) (props.onCreated ?? props.onClose)();
  }

  return (
    <Dialog title={t('polls.new')} onClose={props.onClose} testId="new-poll-dialog">
      <form class="stack poll-form" onSubmit={(e) => void submit(e)}>
        <label class="field">
          <span>{t('polls.question')}</span>
          <input data-testid="poll-question" data-autofocus value={question} maxLength={200} onInput={(e) => setQuestion(e.currentTarget.value)} />
        </label>
        <fieldset class="poll-form-options">
          <legend class="field-label">
            <span>{t('polls.options')}</span>
            <small>{t('polls.options_hint')}</small>
          </legend>
          {options.map((o, i) => (
            <div class="poll-form-option" key={i}>
              <input
                aria-label={t('polls.option', { n: i + 1 })}
                placeholder={t('polls.option', { n: i + 1 })}
                data-testid="poll-option-input"
                value={o}
                maxLength={100}
                onInput={(e) => setOption(i, e.currentTarget.value)}
              />
              {options.length > MIN_OPTIONS && (
                <button
                  type="button"
                  class="icon-button"
                  aria-label={t('polls.remove_option', { n: i + 1 })}
                  title={t('polls.remove_option', { n: i + 1 })}
                  onClick={() => setOptions(options.filter((_, j) => j !== i))}
                >
                  <Icon name="x" />
                </button>
              )}
            </div>
          ))}
          {options.length < MAX_OPTIONS && (
            <button type="button" class="button soft" onClick={() => setOptions([...options, ''])} data-testid="poll-add-option">
              <Icon name="plus" /> {t('polls.add_option')}
            </button>
          )}
        </fieldset>
        <label class="check">
          <input type="checkbox" checked={multiple} onChange={(e) => setMultiple(e.currentTarget.checked)} data-testid="poll-multiple" />
          {t('polls.multiple')}
        </label>
        <label class="check">
          <input type="checkbox" checked={anonymous} onChange={(e) => setAnonymous(e.currentTarget.checked)} data-testid="poll-anonymous" />
          {t('polls.anonymous')}
        </label>
        <label class="check">
          <input type="checkbox" checked={useDeadline} onChange={(e) => setUseDeadline(e.currentTarget.checked)} data-testid="poll-use-deadline" />
          {t('polls.use_deadline')}
        </label>
        {useDeadline && (
          <label class="field">
            <span>{t('polls.deadline')}</span>
            <input type="datetime-local" value={deadline} onInput={(e) => setDeadline(e.currentTarget.value)} data-testid="poll-deadline-input" />
          </label>
        )}
        <FormFooter error={action.error} onCancel={props.onClose} submitLabel={t('polls.create')} submitTestId="poll-create-submit" disabled={!ready || action.busy} />
      </form>
    </Dialog>
  );
}
