import type { RoomListItem } from '../../../../protocol/rest/rooms.ts';
import { locale, t } from '../../i18n/index.ts';
import { Avatar } from '../common/avatar.tsx';
import { Icon } from '../common/icons.tsx';
import { PresenceDot } from '../common/presence.tsx';
import { roomListTime } from '../time-format.ts';
import { roomName, roomPreview } from './room-display.ts';

interface Props {
  room: RoomListItem;
  selected: boolean;
  /** The one item reachable with Tab (roving focus); arrows move it. */
  focusable: boolean;
  onOpen(): void;
  onFocus(): void;
}

export function RoomItem({ room, selected, focusable, onOpen, onFocus }: Props) {
  const name = roomName(room);
  const unread = room.unread_count;
  return (
    <li
      role="option"
      aria-selected={selected}
      tabIndex={focusable ? 0 : -1}
      class={`room-item${selected ? ' selected' : ''}${unread > 0 ? ' has-unread' : ''}`}
      data-testid="room-item"
      data-room-id={room.id}
      onClick={onOpen}
      onFocus={onFocus}
    >
      {room.type === 'direct' && room.partner ? (
        <span class="avatar-wrap">
          <Avatar name={name} id={room.partner.id} image={room.partner.profile_image} />
          <PresenceDot presence={room.partner} testId="room-presence" />
        </span>
      ) : (
        <Avatar name={name} id={room.id} />
      )}
      <div class="room-main">
        <div class="room-line">
          <span class="room-name">{name}</span>
          {room.type === 'group' && <span class="room-count">{room.member_count}</span>}
          {room.pinned ? (
            <span class="room-flag" title={t('rooms.pinned')} aria-label={t('rooms.pinned')}>
              <Icon name="pin" size={13} />
            </span>
          ) : null}
          {room.muted ? (
            <span class="room-flag" title={t('rooms.muted')} aria-label={t('rooms.muted')}>
              <Icon name="bellOff" size={13} />
            </span>
          ) : null}
          <time class="room-time">{roomListTime(room.last_message_time, locale.value)}</time>
        </div>
        <div class="room-line">
          <span class="room-preview">{roomPreview(room)}</span>
          {(room.unread_mentions ?? 0) > 0 && (
            <span class="badge mention-badge" data-testid="mention-badge" title={t('rooms.mentions', { n: room.unread_mentions! })} aria-label={t('rooms.mentions', { n: room.unread_mentions! })}>
              @
            </span>
          )}
          {unread > 0 && (
            <span class={`badge${room.muted ? ' muted' : ''}`} data-testid="unread-badge" aria-label={t('rooms.unread', { n: unread })}>
              {unread > 99 ? '99+' : unread}
            </span>
          )}
        </div>
      </div>
    </li>
  );
}
