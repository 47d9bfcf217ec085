import { t } from '../../i18n/index.ts';
import type { ChatItem } from '../../stores.ts';
import { Icon } from '../common/icons.tsx';
import { useServices } from '../context.ts';

/** Beside a bubble: the unread count of my messages, the time, and the send state — a clock
 * while pending; the reason with Retry and Discard once failed. */
export function MessageMeta(props: { item: ChatItem; time: string; showTime: boolean }) {
  const { sender } = useServices();
  const { item } = props;
  if (item.state === 'failed' && item.clientMsgId) {
    const id = item.clientMsgId;
    return (
      <div class="msg-meta failed" role="alert">
        <span class="msg-error">
          <Icon name="alert" size={14} /> {item.error ?? t('message.failed')}
        </span>
        <button type="button" class="link-button" data-testid="retry-button" onClick={() => sender.retry(id)}>
          {t('message.retry')}
        </button>
        <button type="button" class="link-button muted" data-testid="discard-button" onClick={() => void sender.discard(id)}>
          {t('message.discard')}
        </button>
      </div>
    );
  }
  return (
    <div class="msg-meta">
      {item.state === 'pending' && (
        <span class="msg-pending" title={t('message.pending')} aria-label={t('message.pending')}>
          <Icon name="clock" size={12} />
        </span>
      )}
      {item.mine && item.state === 'sent' && item.unreadCount > 0 && (
        <span class="msg-unread" title={t('chat.unread_count', { n: item.unreadCount })}>
          {item.unreadCount}
        </span>
      )}
      {(props.showTime || item.state !== 'sent') && <time class="msg-time">{props.time}</time>}
    </div>
  );
}
