import { useEffect } from 'preact/hooks';
import type { RoomFile } from '../../../../protocol/rest/files.ts';
import { locale, t } from '../../i18n/index.ts';
import type { RoomFilesFilter } from '../../stores.ts';
import { confirmInApp } from '../common/confirm.tsx';
import { Dialog } from '../common/dialog.tsx';
import { Icon } from '../common/icons.tsx';
import { useAction } from '../common/use-action.ts';
import { useServices } from '../context.ts';
import { dateTime } from '../time-format.ts';
import { DownloadLink } from './download.tsx';
import { formatSize, useFileSrc } from './use-file-src.ts';

const FILTERS: RoomFilesFilter[] = ['all', 'image', 'file'];

/** The room's files, newest first, with a filter (all / images / files). Each row: a thumbnail
 * or a file icon, name, size, uploader, date, Download, and Delete for its uploader or a room
 * admin (asked first). Loaded when it opens; a deleted message drops its row live. */
export function FilesPanel(props: { roomId: number; admin: boolean; onClose(): void }) {
  const { roomFiles, session } = useServices();
  const action = useAction();
  useEffect(() => {
    void action.run(() => roomFiles.open(props.roomId));
    return () => roomFiles.close();
  }, [props.roomId]);
  const list = roomFiles.shown.value;
  const filter = roomFiles.filter.value;
  const me = session.user?.id ?? null;

  const remove = async (f: RoomFile) => {
    if (!(await confirmInApp(t('files.delete_confirm', { name: f.file_name }), { confirmLabel: t('files.delete'), danger: true }))) return;
    await action.run(() => roomFiles.remove(f.id));
  };

  return (
    <Dialog title={t('files.title')} onClose={props.onClose} testId="files-panel">
      <div class="stack">
        <div class="files-filter" role="group" aria-label={t('files.filter')}>
          {FILTERS.map((f) => (
            <button key={f} type="button" class="files-filter-option" aria-pressed={f === filter} onClick={() => (roomFiles.filter.value = f)} data-testid={`files-filter-${f}`}>
              {t(`files.filter_${f}`)}
            </button>
          ))}
        </div>
        {action.error && (
          <p class="form-error" role="alert">
            {action.error}
          </p>
        )}
        {list === null && !action.error && <p class="muted">{t('files.loading')}</p>}
        {list?.length === 0 && <p class="muted">{t(filter === 'all' ? 'files.empty' : 'files.none_match')}</p>}
        {list && list.length > 0 && (
          <ul class="files-list">
            {list.map((f) => (
              <FileRow key={f.id} file={f} canDelete={props.admin || f.uploaded_by === me} onDelete={() => void remove(f)} />
            ))}
          </ul>
        )}
      </div>
    </Dialog>
  );
}

function FileRow({ file, canDelete, onDelete }: { file: RoomFile; canDelete: boolean; onDelete(): void }) {
  const meta = [file.file_size !== null ? formatSize(file.file_size) : null, file.uploader_name ?? t('files.unknown_uploader'), dateTime(file.uploaded_at, locale.value)];
  return (
    <li class="files-row" data-testid="files-row" data-file-id={file.id} data-type={file.file_type}>
      {file.file_type === 'image' ? <Thumb file={file} /> : <FileIcon name={file.file_name} />}
      <span class="file-info">
        <span class="file-name" title={file.file_name}>
          {file.file_name}
        </span>
        <span class="file-size">{meta.filter(Boolean).join(' · ')}</span>
      </span>
      <DownloadLink path={file.file_path} name={file.file_name} />
      {canDelete && (
        <button type="button" class="file-download file-delete" onClick={onDelete} aria-label={t('files.delete_named', { name: file.file_name })} title={t('files.delete')} data-testid="files-delete">
          <Icon name="trash" size={16} />
        </button>
      )}
    </li>
  );
}

/** The server's thumbnail (else the original), as the chat's previews load it; the icon when it cannot be had. */
function Thumb({ file }: { file: RoomFile }) {
  const { src, failed } = useFileSrc(file.thumbnail_path ?? file.file_path);
  if (failed) return <FileIcon name={file.file_name} />;
  return <span class="files-thumb">{src && <img src={src} alt="" loading="lazy" decoding="async" />}</span>;
}

function FileIcon({ name }: { name: string }) {
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot + 1).toUpperCase().slice(0, 4) : '';
  return (
    <span class="file-icon" aria-hidden="true">
      <Icon name="file" size={22} />
      {ext && <span class="file-ext">{ext}</span>}
    </span>
  );
}
