import { signal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../../i18n/index.ts';
import { Icon } from '../common/icons.tsx';
import { DownloadLink } from './download.tsx';
import { useFileSrc } from './use-file-src.ts';

export interface LightboxImage {
  name: string;
  path: string | null;
  local: Blob | null;
}

/** The image shown full size (null: closed). One for the app: a preview opens it. */
export const lightbox = signal<LightboxImage | null>(null);

/** The original image over a dark backdrop, as an in-app dialog: focus on Close, Escape or a
 * click beside the image closes it, focus goes back to the preview. */
export function Lightbox() {
  const image = lightbox.value;
  if (!image) return null;
  return <LightboxDialog key={`${image.path}|${image.name}`} image={image} />;
}

function LightboxDialog({ image }: { image: LightboxImage }) {
  const close = useRef<HTMLButtonElement>(null);
  const { src, failed } = useFileSrc(image.path, image.local);
  const opener = useRef<HTMLElement | null>(null);
  useEffect(() => {
    opener.current = document.activeElement as HTMLElement | null;
    close.current?.focus();
  }, []);
  const done = () => {
    lightbox.value = null;
    // Once closed, back to the preview that opened it, as it is then (its row may have been
    // rendered again meanwhile).
    requestAnimationFrame(() => {
      const preview = image.path ? document.querySelector<HTMLElement>(`[data-testid=image-preview][data-path="${CSS.escape(image.path)}"]`) : null;
      (preview ?? (opener.current?.isConnected ? opener.current : null))?.focus();
    });
  };
  function onKeyDown(e: KeyboardEvent) {
    e.stopPropagation();
    if (e.key === 'Escape') done();
    if (e.key === 'Tab') {
      // Two controls at most: keep Tab inside.
      const all = Array.from((e.currentTarget as HTMLElement).querySelectorAll<HTMLElement>('button, a[href]'));
      const i = all.indexOf(document.activeElement as HTMLElement);
      e.preventDefault();
      all[(i + (e.shiftKey ? all.length - 1 : 1)) % all.length]?.focus();
    }
  }
  return (
    <div class="lightbox" role="dialog" aria-modal="true" aria-label={`${t('file.viewer')}: ${image.name}`} data-testid="lightbox" onKeyDown={onKeyDown} onMouseDown={(e) => e.target === e.currentTarget && done()}>
      <div class="lightbox-bar">
        <span class="lightbox-name">{image.name}</span>
        {image.path && <DownloadLink path={image.path} name={image.name} class="lightbox-button" />}
        <button ref={close} type="button" class="lightbox-button" onClick={done} aria-label={t('file.close')} title={t('file.close')} data-testid="lightbox-close">
          <Icon name="x" />
        </button>
      </div>
      <div class="lightbox-stage" onMouseDown={(e) => e.target === e.currentTarget && done()}>
        {failed ? <p class="lightbox-error">{t('file.load_failed')}</p> : src && <img src={src} alt={image.name} data-testid="lightbox-image" />}
      </div>
    </div>
  );
}
