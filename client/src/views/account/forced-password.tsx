import { t } from '../../i18n/index.ts';
import { useServices } from '../context.ts';
import { PasswordForm } from './password-form.tsx';

/** After an admin reset my password: nothing else until I choose a new one (or log out). */
export function ForcedPasswordChange() {
  const services = useServices();
  const full = services as typeof services & { logout?: () => Promise<void> };
  return (
    <main class="login forced-password" data-testid="forced-password">
      <div class="login-card stack">
        <h1>{t('password.forced_title')}</h1>
        <p class="muted">{t('password.forced_body')}</p>
        <PasswordForm forced />
        <button type="button" class="link-button muted" onClick={() => void (full.logout ? full.logout() : services.session.logout())}>
          {t('logout')}
        </button>
      </div>
    </main>
  );
}
