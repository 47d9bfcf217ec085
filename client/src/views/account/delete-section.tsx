import { useState } from 'preact/hooks';
import { t } from '../../i18n/index.ts';
import { confirmInApp } from '../common/confirm.tsx';
import { useAction } from '../common/use-action.ts';
import { useServices } from '../context.ts';

/** Delete my account (as the origin: with my password), asked once more; then signed out here. */
export function DeleteSection() {
  const services = useServices();
  const [password, setPassword] = useState('');
  const action = useAction();

  async function submit(e: Event) {
    e.preventDefault();
    if (!password || !(await confirmInApp(t('delete.confirm'), { confirmLabel: t('delete.submit'), danger: true }))) return;
    if (!(await action.run(() => services.account.deleteAccount(password)))) return;
    // createServices() adds logout(): the socket and the stores go, then the (ended) session.
    const full = services as typeof services & { logout?: () => Promise<void> };
    await (full.logout ? full.logout() : services.session.logout());
  }

  return (
    <form class="stack" onSubmit={(e) => void submit(e)} data-testid="delete-form">
      <p class="muted">{t('delete.body')}</p>
      <label class="field">
        <span>{t('login.password')}</span>
        <input type="password" autoComplete="current-password" value={password} onInput={(e) => setPassword(e.currentTarget.value)} data-testid="delete-password" required />
      </label>
      {action.error && (
        <p class="form-error" role="alert">
          {action.error}
        </p>
      )}
      <div class="dialog-actions">
        <button type="submit" class="button primary danger-fill" disabled={action.busy || !password} data-testid="delete-submit">
          {t('delete.submit')}
        </button>
      </div>
    </form>
  );
}
