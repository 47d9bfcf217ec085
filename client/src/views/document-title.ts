import { useEffect } from 'preact/hooks';
import { t } from '../i18n/index.ts';
import { useServices } from './context.ts';

/** The window title counts unread messages of unmuted rooms: "(3) Intranet Messenger" (the
 * desktop window's own title too, shown in the task bar). */
export function useDocumentTitle(): void {
  const { rooms, platform } = useServices();
  const list = rooms.list.value;
  const unread = list.reduce((n, r) => n + (r.muted ? 0 : r.unread_count), 0);
  const title = t('app.title');
  useEffect(() => {
    document.title = unread > 0 ? `(${unread > 999 ? '999+' : unread}) ${title}` : title;
    platform.setTitle?.(document.title);
  }, [unread, title]);
}
