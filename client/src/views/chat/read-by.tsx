import { t } from '../../i18n/index.ts';
import type { ChatItem, RoomTimeline } from '../../stores.ts';
import { Avatar } from '../common/avatar.tsx';
import { Dialog } from '../common/dialog.tsx';
import { readersOf } from './message-menu-state.ts';

/** "Read by n" under my sent message (members whose read pointer reached it, live with
 * read_updated); it opens the list of who has and has not read it. */
export function ReadBy({ item, timeline }: { item: ChatItem; timeline: RoomTimeline }) {
  if (!item.mine || item.state !== 'sent' || item.id === null) return null;
  const n = timeline.readers(item.id, item.senderId).length;
  if (n === 0) return null;
  return (
    <button type="button" class="link-button read-by" data-testid="read-by" data-count={n} onClick={() => (readersOf.value = item)}>
      {t('receipts.read_by', { n })}
    </button>
  );
}

/** Who has read one of my messages, and who has not yet. */
export function ReadersDialog({ timeline }: { timeline: RoomTimeline }) {
  const item = readersOf.value;
  if (!item || item.roomId !== timeline.roomId || item.id === null) return null;
  const readers = timeline.readers(item.id, item.senderId);
  const read = new Set(readers.map((m) => m.id));
  const waiting = timeline.members.value.filter((m) => m.id !== item.senderId && !read.has(m.id));
  const list = (members: typeof readers, testId: string) => (
    <ul class="readers-list" data-testid={testId}>
      {members.map((m) => (
        <li key={m.id}>
          <Avatar name={m.nickname} id={m.id} image={m.profile_image} />
          <span class="reader-name">{m.nickname}</span>
        </li>
      ))}
    </ul>
  );
  return (
    <Dialog title={t('receipts.title')} onClose={() => (readersOf.value = null)} testId="readers-dialog">
      <h3 class="readers-head">{t('receipts.read', { n: readers.length })}</h3>
      {list(readers, 'readers-read')}
      {waiting.length > 0 && <h3 class="readers-head">{t('receipts.unread', { n: waiting.length })}</h3>}
      {waiting.length > 0 && list(waiting, 'readers-unread')}
    </Dialog>
  );
}
