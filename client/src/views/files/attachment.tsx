import { t } from '../../i18n/index.ts';
import type { ChatFile } from '../../stores.ts';
import { Icon } from '../common/icons.tsx';
import { DownloadLink } from './download.tsx';
import { lightbox } from './lightbox.tsx';
import { formatSize, useFileSrc } from './use-file-src.ts';

/** A file or image message's content: a preview for images, a card for other files. */
export function Attachment({ file, type }: { file: ChatFile; type: 'file' | 'image' }) {
  return type === 'image' ? <ImagePreview file={file} /> : <FileCard file={file} />;
}

/** The image in the chat: its thumbnail when the server made one, else the original; loaded when
 * it scrolls into view, at a fixed height so the row does not jump when it arrives. A click opens
 * the lightbox with the original. */
function ImagePreview({ file }: { file: ChatFile }) {
  const { src, failed } = useFileSrc(file.thumbnail ?? file.path, file.local);
  const open = () => (lightbox.value = { name: file.name, path: file.path, local: file.local });
  if (failed) return <FileCard file={file} />;
  return (
    <button type="button" class="image-preview" onClick={open} aria-label={t('file.open_image', { name: file.name })} data-testid="image-preview" data-path={file.path ?? undefined}>
      {src ? <img src={src} alt={file.name} loading="lazy" decoding="async" /> : <span class="image-placeholder" />}
    </button>
  );
}

/** Icon, name, size and a download button. */
function FileCard({ file }: { file: ChatFile }) {
  const dot = file.name.lastIndexOf('.');
  const ext = dot > 0 ? file.name.slice(dot + 1).toUpperCase().slice(0, 4) : '';
  return (
    <div class="file-card" data-testid="file-card">
      <span class="file-icon" aria-hidden="true">
        <Icon name="file" size={22} />
        {ext && <span class="file-ext">{ext}</span>}
      </span>
      <span class="file-info">
        <span class="file-name" title={file.name}>
          {file.name}
        </span>
        {file.size !== null && <span class="file-size">{formatSize(file.size)}</span>}
      </span>
      {file.path && <DownloadLink path={file.path} name={file.name} />}
    </div>
  );
}
