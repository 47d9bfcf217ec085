import { useState } from 'preact/hooks';
import { PASSWORD_MIN_LENGTH } from '../../../../protocol/account-rules.ts';
import { t } from '../../i18n/index.ts';
import { useAction } from '../common/use-action.ts';
import { useServices } from '../context.ts';

/** Change my password: the current one (or the temporary one, after an admin reset), the new one
 * twice, and whether my other devices are signed out (offered, on by default). */
export function PasswordForm(props: { forced?: boolean; onDone?(): void }) {
  const { account } = useServices();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [signOutOthers, setSignOutOthers] = useState(true);
  const [done, setDone] = useState(false);
  const action = useAction();
  const mismatch = again !== '' && again !== next;

  async function submit(e: Event) {
    e.preventDefault();
    if (mismatch || !current || !next) return;
    setDone(false);
    // After a reset the other sessions are already gone: nothing to offer.
    if (await action.run(() => account.changePassword(current, next, props.forced ? true : signOutOthers))) {
      setCurrent('');
      setNext('');
      setAgain('');
      setDone(true);
      props.onDone?.();
    }
  }

  return (
    <form class="stack" onSubmit={(e) => void submit(e)} data-testid="password-form">
      <label class="field">
        <span>{t(props.forced ? 'password.temporary' : 'password.current')}</span>
        <input type="password" autoComplete="current-password" value={current} onInput={(e) => setCurrent(e.currentTarget.value)} data-testid="password-current" data-autofocus required />
      </label>
      <label class="field">
        <span>{t('password.new')}</span>
        <input type="password" autoComplete="new-password" minLength={PASSWORD_MIN_LENGTH} value={next} onInput={(e) => setNext(e.currentTarget.value)} data-testid="password-new" required />
        <small class="field-hint">
          {t('register.password_length', { n: PASSWORD_MIN_LENGTH })} · {t('register.password_letter')} · {t('register.password_digit')}
        </small>
      </label>
      <label class="field">
        <span>{t('password.confirm')}</span>
        <input type="password" autoComplete="new-password" value={again} aria-invalid={mismatch} onInput={(e) => setAgain(e.currentTarget.value)} data-testid="password-again" required />
        {mismatch && <small class="field-over">{t('password.mismatch')}</small>}
      </label>
      {!props.forced && (
        <label class="check">
          <input type="checkbox" checked={signOutOthers} onChange={(e) => setSignOutOthers(e.currentTarget.checked)} data-testid="password-sign-out-others" />
          <span>{t('password.sign_out_others')}</span>
        </label>
      )}
      {action.error && (
        <p class="form-error" role="alert">
          {action.error}
        </p>
      )}
      {done && !props.forced && (
        <p class="form-notice" role="status">
          {t('password.changed')}
        </p>
      )}
      <div class="dialog-actions">
        <button type="submit" class="button primary" disabled={action.busy || mismatch} data-testid="password-submit">
          {t('password.submit')}
        </button>
      </div>
    </form>
  );
}
