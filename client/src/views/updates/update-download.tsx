import { t } from '../../i18n/index.ts';
import { ExternalLink, isWebUrl } from '../common/external-link.tsx';
import { useServices } from '../context.ts';

/** The way to the new version. A build that trusts a release key offers only the artifact it
 * downloaded and verified (signature and SHA-256), saved from exactly those bytes; a tampered or
 * unsigned one is refused with a notice. An unsigned build (development) links to the page. */
export function UpdateDownload(props: { label: string; class?: string }) {
  const { updates } = useServices();
  const policy = updates.policy.value;
  if (!policy || !isWebUrl(policy.download_url)) return null;
  if (!updates.signed) {
    return (
      <ExternalLink url={policy.download_url} class={props.class} testId="update-download">
        {props.label}
      </ExternalLink>
    );
  }
  const artifact = updates.artifact.value;
  if (artifact.state === 'verified') {
    return (
      <button type="button" class={props.class ?? 'link-button'} data-testid="update-download" onClick={() => void updates.save()}>
        {props.label}
      </button>
    );
  }
  if (artifact.state === 'refused') {
    return (
      <span class="update-refused" role="alert" data-testid="update-refused">
        {t('update.refused')}
      </span>
    );
  }
  return (
    <span class="muted" data-testid="update-verifying">
      {t('update.verifying')}
    </span>
  );
}
