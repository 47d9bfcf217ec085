import { t } from '../../i18n/index.ts';
import { ExternalLink } from '../common/external-link.tsx';
import { Icon } from '../common/icons.tsx';
import { useServices } from '../context.ts';
import { UpdateDownload } from './update-download.tsx';

/** A newer desktop version: one line above the messenger, with its links, until dismissed. */
export function UpdateBanner() {
  const { updates } = useServices();
  const offer = updates.offer.value;
  if (!offer) return null;
  return (
    <div class="update-banner" role="status" data-testid="update-banner">
      <span>{t('update.available', { version: offer.latest_version })}</span>
      <UpdateDownload label={t('update.download_short')} />
      <ExternalLink url={offer.release_notes_url} testId="update-notes">
        {t('update.release_notes')}
      </ExternalLink>
      <button type="button" class="icon-button" data-testid="update-dismiss" onClick={() => updates.dismiss()} aria-label={t('update.dismiss')} title={t('update.dismiss')}>
        <Icon name="x" size={16} />
      </button>
    </div>
  );
}
