import { systemLine } from '../../chat/system-line.ts';
import { t } from '../../i18n/index.ts';
import { Avatar } from '../common/avatar.tsx';
import { useContext } from 'preact/hooks';
import { ServicesContext } from '../context.ts';
import { MessageBubble, Reactions } from './message-bubble.tsx';
import { MessageMeta } from './message-meta.tsx';
import type { Row } from './timeline-rows.ts';

/** One row of the message list: a day separator, a centred system line, or a message — mine on
 * the right in the accent colour, others on the left with avatar and name on a group's first. */
export function MessageRow({ row, myId }: { row: Row; myId: number | null }) {
  // The message a search result opened is highlighted (rendered alone in tests: no services).
  const target = useContext(ServicesContext)?.search?.target.value ?? null;
  if (row.kind === 'start') return <div class="timeline-start">{t('chat.beginning')}</div>;
  if (row.kind === 'day') {
    return (
      <div class="day-separator" role="separator">
        <span>{row.label}</span>
      </div>
    );
  }
  const { item } = row;
  const highlighted = target !== null && item.id !== null && target.roomId === item.roomId && target.messageId === item.id;
  const common = {
    'data-highlighted': highlighted ? 'true' : undefined,
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
  return (
    <div class={`msg ${side} ${item.state}${row.first ? ' first' : ''}${highlighted ? ' highlighted' : ''}${item.mentionsMe && !item.mine ? ' mentions-me' : ''}`} {...common}>
      {!item.mine && (row.first ? <Avatar name={item.senderName} id={item.senderId} image={item.senderImage} /> : <span class="avatar-gap" />)}
      <div class="msg-column">
        {!item.mine && row.first && <div class="msg-sender">{item.senderName ?? t('chat.unknown_sender')}</div>}
        <div class="msg-line">
          <MessageBubble item={item} />
          <MessageMeta item={item} time={row.time} showTime={row.showTime} />
        </div>
        <Reactions item={item} myId={myId} />
      </div>
    </div>
  );
}
