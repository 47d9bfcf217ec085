import { useState } from 'preact/hooks';
import type { RoomListItem } from '../../../../protocol/rest/rooms.ts';
import { t } from '../../i18n/index.ts';
import type { RoomTimeline } from '../../stores.ts';
import { confirmInApp } from '../common/confirm.tsx';
import { Icon, type IconName } from '../common/icons.tsx';
import { useAction } from '../common/use-action.ts';
import { useServices } from '../context.ts';
import { roomName } from '../sidebar/room-display.ts';
import { InviteDialog } from './invite-dialog.tsx';
import { RenameDialog } from './rename-dialog.tsx';
import { useIsAdmin } from './use-is-admin.ts';

function Action(props: { icon: IconName; label: string; testId: string; pressed?: boolean; onClick(): void }) {
  return (
    <button
      type="button"
      class={`icon-button${props.pressed ? ' pressed' : ''}`}
      aria-label={props.label}
      title={props.label}
      aria-pressed={props.pressed}
      data-testid={props.testId}
      onClick={props.onClick}
    >
      <Icon name={props.icon} />
    </button>
  );
}

/** The open room's name and size, and what can be done with it: invite and rename (groups;
 * rename for admins), pin, mute, leave (asked first). Refusals are shown under the header. */
export function ChatHeader({ room, timeline }: { room: RoomListItem | undefined; timeline: RoomTimeline }) {
  const { rooms } = useServices();
  const [dialog, setDialog] = useState<'invite' | 'rename' | null>(null);
  const action = useAction();
  const roomId = timeline.roomId;
  const group = room?.type === 'group';
  const admin = useIsAdmin(roomId, group);
  const name = room ? roomName(room) : '';

  const leave = async () => {
    if (!(await confirmInApp(t('chat.leave_confirm'), { confirmLabel: t('chat.leave'), danger: true }))) return;
    if (await action.run(() => rooms.leave(roomId)) && rooms.current.value === roomId) rooms.current.value = null;
  };

  return (
    <header class="chat-head">
      <button type="button" class="icon-button back-button" aria-label={t('chat.back')} title={t('chat.back')} onClick={() => (rooms.current.value = null)}>
        <Icon name="back" />
      </button>
      <div class="chat-title">
        <h1 data-testid="chat-title">{name}</h1>
        {room && <span class="muted">{t('chat.members', { n: room.member_count })}</span>}
      </div>
      {room && (
        <div class="chat-actions">
          {group && <Action icon="userPlus" label={t('chat.invite')} testId="room-invite" onClick={() => setDialog('invite')} />}
          {group && admin && <Action icon="edit" label={t('chat.rename')} testId="room-rename" onClick={() => setDialog('rename')} />}
          <Action
            icon="pin"
            label={t(room.pinned ? 'chat.unpin' : 'chat.pin')}
            testId="room-pin"
            pressed={!!room.pinned}
            onClick={() => void action.run(() => rooms.setPinned(roomId, !room.pinned))}
          />
          <Action
            icon="bellOff"
            label={t(room.muted ? 'chat.unmute' : 'chat.mute')}
            testId="room-mute"
            pressed={!!room.muted}
            onClick={() => void action.run(() => rooms.setMuted(roomId, !room.muted))}
          />
          <Action icon="logOut" label={t('chat.leave')} testId="room-leave" onClick={() => void leave()} />
        </div>
      )}
      {action.error && (
        <p class="head-error" role="alert" onClick={action.clearError}>
          {action.error}
        </p>
      )}
      {dialog === 'invite' && <InviteDialog timeline={timeline} onClose={() => setDialog(null)} />}
      {dialog === 'rename' && room && <RenameDialog roomId={roomId} name={room.name ?? ''} onClose={() => setDialog(null)} />}
    </header>
  );
}
