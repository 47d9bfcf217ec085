import { t } from '../../i18n/index.ts';
import { Icon } from '../common/icons.tsx';
import { useServices } from '../context.ts';
import { formatSize } from './use-file-src.ts';

/** The room's unsent files above the composer: a progress bar per upload (bytes sent of the
 * file), or why it waits, and a cancel button until the message itself goes out. */
export function UploadStrip({ roomId }: { roomId: number }) {
  const { sender } = useServices();
  const files = sender.outgoing.value.filter((o) => o.roomId === roomId && o.file && o.state === 'pending');
  const progress = sender.uploads.value;
  const online = useServices().realtime.status.value === 'connected';
  if (files.length === 0) return null;
  return (
    <ul class="upload-strip" aria-label={t('upload.uploads')} data-testid="upload-strip">
      {files.map((o) => {
        const file = o.file!;
        const p = progress.get(o.clientMsgId);
        const percent = p ? Math.floor((100 * p.loaded) / Math.max(1, p.total)) : file.path ? 100 : 0;
        const phase = p ? t('upload.uploading') : !online ? t('upload.waiting') : file.path ? t('upload.sending') : t('upload.uploading');
        return (
          <li key={o.clientMsgId} class="upload-item" data-testid="upload-item" data-client-msg-id={o.clientMsgId}>
            <Icon name={file.type === 'image' ? 'paperclip' : 'file'} size={16} />
            <span class="upload-name" title={file.name}>
              {file.name}
            </span>
            <span class="upload-phase">
              {phase} · {formatSize(file.size)}
            </span>
            <span
              class="upload-bar"
              role="progressbar"
              aria-label={t('upload.progress_label', { name: file.name })}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={percent}
              data-testid="upload-progress"
            >
              <span class="upload-bar-fill" style={{ width: `${percent}%` }} />
            </span>
            <button type="button" class="icon-button upload-cancel" onClick={() => sender.cancel(o.clientMsgId)} aria-label={t('upload.cancel', { name: file.name })} title={t('upload.cancel', { name: file.name })} data-testid="upload-cancel">
              <Icon name="x" size={16} />
            </button>
          </li>
        );
      })}
    </ul>
  );
}
