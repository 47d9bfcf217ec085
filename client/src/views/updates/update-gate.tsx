import { useEffect, useRef } from 'preact/hooks';
import { t } from '../../i18n/index.ts';
import { ExternalLink, isWebUrl } from '../common/external-link.tsx';
import { useServices } from '../context.ts';
import { UpdateDownload } from './update-download.tsx';

/** The whole window when this version is no longer supported: why, and where the new one is.
 * Nothing of the app is reachable behind it (the services stopped the socket and the stores). */
export function UpdateGate() {
  const { updates } = useServices();
  const policy = updates.policy.value;
  const box = useRef<HTMLElement>(null);
  useEffect(() => box.current?.querySelector<HTMLElement>('a')?.focus(), []);
  if (!policy) return null;
  return (
    <main class="login">
      <section ref={box} class="login-card stack update-gate" data-testid="update-gate" aria-labelledby="update-title">
        <div class="login-brand">
          <span class="splash-mark" aria-hidden="true" />
          <span>{t('app.title')}</span>
        </div>
        <h1 id="update-title">{t('update.required_title')}</h1>
        <p>{t('update.required_body', { version: policy.client_version ?? '', latest: policy.latest_version })}</p>
        {isWebUrl(policy.download_url) ? (
          <UpdateDownload label={t('update.download', { version: policy.latest_version })} class="button primary wide" />
        ) : (
          <p class="form-notice">{t('update.no_download')}</p>
        )}
        <ExternalLink url={policy.release_notes_url} class="update-notes" testId="update-notes">
          {t('update.release_notes')}
        </ExternalLink>
      </section>
    </main>
  );
}
