import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { locale, t } from '../../i18n/index.ts';
import type { RoomTimeline } from '../../stores.ts';
import { Icon } from '../common/icons.tsx';
import { useServices } from '../context.ts';
import { highlighted, jumpRequest } from './jump.ts';
import { MessageMenu } from './message-menu.tsx';
import { actionError } from './message-menu-state.ts';
import { MessageRow } from './message-row.tsx';
import { ReadersDialog } from './read-by.tsx';
import { buildRows, type Row } from './timeline-rows.ts';
import { VirtualList, type VirtualListHandle } from './virtual-list.tsx';

const rowKey = (row: Row) => row.key;
/** Messages keep their place; a day separator heads the loaded messages of its day, wherever
 * older pages put them, so it never anchors the view. */
const isMessage = (row: Row) => row.kind === 'message';

/** The room's messages, virtualised. Being at the bottom marks the room read: when it opens,
 * and whenever messages arrive while the window has focus. Near the top, older pages load. */
export function MessageList({ timeline, label }: { timeline: RoomTimeline; label: string }) {
  const { chat, session, platform } = useServices();
  const items = timeline.items.value;
  const hasOlder = timeline.hasOlder.value;
  const loadingOlder = timeline.loadingOlder.value;
  const lang = locale.value;
  const rows = useMemo(() => buildRows(items, lang, !hasOlder), [items, lang, hasOlder]);
  const myId = session.user?.id ?? null;
  // "Read by n" goes under the last of each run of my sent messages, not under every one.
  const readLines = useMemo(() => {
    const keys = new Set<string>();
    items.forEach((it, i) => {
      const next = items[i + 1];
      if (it.mine && it.state === 'sent' && !(next?.mine && next.state === 'sent' && next.type !== 'system')) keys.add(it.key);
    });
    return keys;
  }, [items]);
  const handle = useRef<VirtualListHandle | null>(null);
  const atBottom = useRef(true);
  const opened = useRef(false);
  const [showJump, setShowJump] = useState(false);
  const roomId = timeline.roomId;

  const markReadIfSeen = () => {
    if (atBottom.current && platform.isFocused()) chat.markRead(roomId);
  };

  // Opening the room (at the bottom) reads it; later arrivals only count while the window has focus.
  useEffect(() => {
    if (!opened.current && items.length > 0) {
      opened.current = true;
      chat.markRead(roomId);
    } else markReadIfSeen();
  }, [items]);

  // My own new message always brings the view down to it.
  const lastKey = items[items.length - 1]?.key;
  const prevLastKey = useRef(lastKey);
  useEffect(() => {
    const last = items[items.length - 1];
    if (last && last.key !== prevLastKey.current && last.mine && last.state === 'pending') handle.current?.scrollToBottom();
    prevLastKey.current = lastKey;
  }, [lastKey]);

  useEffect(() => {
    window.addEventListener('focus', markReadIfSeen);
    return () => window.removeEventListener('focus', markReadIfSeen);
  }, [roomId]);

  // A notice's "go to message": scroll there and light it up for a moment.
  const jump = jumpRequest.value;
  useEffect(() => {
    if (!jump || jump.roomId !== roomId) return;
    const key = timeline.items.peek().find((it) => it.id === jump.messageId)?.key;
    if (!key || !handle.current?.scrollToKey(key)) return;
    highlighted.value = key;
    const timer = setTimeout(() => highlighted.value === key && (highlighted.value = null), 2000);
    return () => clearTimeout(timer);
  }, [jump]);

  const loadOlder = () => {
    if (timeline.hasOlder.value && !timeline.loadingOlder.value) void chat.loadOlder(roomId).catch(() => {});
  };

  return (
    <div class="message-area">
      {loadingOlder && (
        <div class="loading-older" role="status">
          {t('chat.loading_older')}
        </div>
      )}
      {items.length === 0 && !hasOlder && <div class="timeline-empty">{t('chat.no_messages')}</div>}
      <VirtualList
        items={rows}
        getKey={rowKey}
        renderItem={(row) => <MessageRow row={row} myId={myId} timeline={timeline} readLine={row.kind === 'message' && readLines.has(row.key)} />}
        estimateHeight={52}
        overscan={800}
        onReachTop={loadOlder}
        canAnchor={isMessage}
        onAtBottomChange={(bottom) => {
          atBottom.current = bottom;
          setShowJump(!bottom);
          if (bottom) markReadIfSeen();
        }}
        handle={handle}
        class="message-list"
        label={label}
        testId="message-list"
      />
      {actionError.value && (
        <p class="action-error" role="alert" data-testid="action-error" onClick={() => (actionError.value = null)}>
          {actionError.value}
        </p>
      )}
      <MessageMenu roomId={roomId} />
      <ReadersDialog timeline={timeline} />
      {showJump && (
        <button type="button" class="jump-latest" onClick={() => handle.current?.scrollToBottom()} aria-label={t('chat.jump_latest')} title={t('chat.jump_latest')}>
          <Icon name="down" />
        </button>
      )}
    </div>
  );
}
