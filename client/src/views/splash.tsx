import { t } from '../i18n/index.ts';

/** Shown while a kept session is being restored, so the login form never flashes. */
export function Splash() {
  return (
    <div class="splash" role="status" aria-live="polite">
      <div class="splash-mark" aria-hidden="true" />
      <span>{t('app.loading')}</span>
    </div>
  );
}
