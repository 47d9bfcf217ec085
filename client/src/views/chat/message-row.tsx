import { systemLine } from '../../chat/system-line.ts';
import { t } from '../../i18n/index.ts';
import type { RoomTimeline } from '../../stores.ts';
import { Avatar } from '../common/avatar.tsx';
import { Icon } from '../common/icons.tsx';
import { highlighted } from './jump.ts';
import { MessageBubble } from './message-bubble.tsx';
import { hasMenu, messageMenu, openMessageMenu } from './message-menu-state.ts';
import { MessageMeta } from './message-meta.tsx';
import { Reactions } from './reactions.tsx';
import { ReadBy } from './read-by.tsx';
import type { Row } from './timeline-rows.ts';

/** One row of the message list: a day separator, a centred system line, or a message — mine on
 * the right in the accent colour, others on the left with avatar and name on a group's first.
 * A sent message has a menu ("⋯" on hover or focus, or a right click); `readLine` puts "read by n"
 * under it (the last of a run of mine). */
export function MessageRow({ row, myId, timeline, readLine = false }: { row: Row; myId: number | null; timeline: RoomTimeline; readLine?: boolean }) {
  if (row.kind === 'start') return <div class="timeline-start">{t('chat.beginning')}</div>;
  if (row.kind === 'day') {
    return (
      <div class="day-separator" role="separator">
        <span>{row.label}</span>
      </div>
    );
  }
  const { item } = row;
  const common = {
    'data-testid': 'message',
    'data-state': item.state,
    'data-mine': String(item.mine),
    'data-message-id': item.id ?? undefined,
    'data-key': item.key,
  };
  if (item.type === 'system') {
    return (
      <div class="msg system" {...common} data-system-kind={item.system?.kind}>
        <span>{systemLine(item.system, item.text)}</span>
      </div>
    );
  }
  const side = item.mine ? 'mine' : 'theirs';
  const menu = hasMenu(item);
  const menuOpen = messageMenu.value?.item.key === item.key;
  const lit = highlighted.value === item.key;
  return (
    <div
      class={`msg ${side} ${item.state}${row.first ? ' first' : ''}${lit ? ' highlight' : ''}${menuOpen ? ' menu-open' : ''}`}
      {...common}
      onContextMenu={(e) => {
        // Right click: the message's menu at the pointer (a link's or a selection's own menu is kept).
        if (!menu || (e.target as HTMLElement).closest('a') || String(window.getSelection() ?? '')) return;
        e.preventDefault();
        openMessageMenu(item, e.clientX, e.clientY, (e.currentTarget as HTMLElement).querySelector<HTMLElement>('.msg-more'));
      }}
    >
      {!item.mine && (row.first ? <Avatar name={item.senderName} id={item.senderId} image={item.senderImage} /> : <span class="avatar-gap" />)}
      <div class="msg-column">
        {!item.mine && row.first && <div class="msg-sender">{item.senderName ?? t('chat.unknown_sender')}</div>}
        <div class="msg-line">
          <MessageBubble item={item} />
          <MessageMeta item={item} time={row.time} showTime={row.showTime} />
          {menu && (
            <button
              type="button"
              class="icon-button msg-more"
              aria-label={t('actions.menu')}
              title={t('actions.menu')}
              aria-haspopup="menu"
              aria-expanded={menuOpen}
              data-testid="message-more"
              onClick={(e) => {
                const rect = e.currentTarget.getBoundingClientRect();
                openMessageMenu(item, rect.left, rect.bottom + 4, e.currentTarget);
              }}
            >
              <Icon name="more" size={16} />
            </button>
          )}
        </div>
        <Reactions item={item} myId={myId} timeline={timeline} />
        {readLine && <ReadBy item={item} timeline={timeline} />}
      </div>
    </div>
  );
}
