import { useState } from 'preact/hooks';
import { t } from '../../i18n/index.ts';
import { Icon } from '../common/icons.tsx';
import { useServices } from '../context.ts';

/** Save a member-only file under its original name. In the browser a plain link (the cookie goes
 * with it; the server answers Content-Disposition with the UTF-8 name); on the desktop the bytes
 * are fetched with the bearer header and handed over as a blob: link. */
export function DownloadLink(props: { path: string; name: string; class?: string; label?: string }) {
  const { files, platform } = useServices();
  const [failed, setFailed] = useState(false);
  const label = t('file.download', { name: props.name });
  const content = (
    <>
      <Icon name="download" size={16} />
      {props.label && <span>{props.label}</span>}
    </>
  );
  if (files.direct) {
    return (
      <a class={props.class ?? 'file-download'} href={files.url(props.path)} download={props.name} aria-label={label} title={label} data-testid="file-download">
        {content}
      </a>
    );
  }
  async function save() {
    try {
      const blob = await files.blob(props.path);
      if (platform.saveFile) {
        await platform.saveFile(props.name, blob);
        return setFailed(false);
      }
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = props.name;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setFailed(false);
    } catch {
      setFailed(true);
    }
  }
  return (
    <button type="button" class={props.class ?? 'file-download'} onClick={save} aria-label={failed ? `${label} — ${t('file.download_failed')}` : label} title={failed ? t('file.download_failed') : label} data-testid="file-download">
      {content}
    </button>
  );
}
