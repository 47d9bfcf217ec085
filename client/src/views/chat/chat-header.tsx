import { useState } from 'preact/hooks';
import type { RoomListItem } from '../../../../protocol/rest/rooms.ts';
import { t } from '../../i18n/index.ts';
import type { RoomTimeline } from '../../stores.ts';
import { confirmInApp } from '../common/confirm.tsx';
import { Icon, type IconName } from '../common/icons.tsx';
import { usePresenceText } from '../common/presence.tsx';
import { useAction } from '../common/use-action.ts';
import { useServices } from '../context.ts';
import { roomName } from '../sidebar/room-display.ts';
import { MembersPanel } from '../members/members-panel.tsx';
import { FilesPanel } from '../files/files-panel.tsx';
import { NewPinDialog } from '../pins/new-pin-dialog.tsx';
import { NewPollDialog } from '../polls/new-poll-dialog.tsx';
import { PollsPanel } from '../polls/polls-panel.tsx';
import { InviteDialog } from './invite-dialog.tsx';
import { RenameDialog } from './rename-dialog.tsx';

function Action(props: { icon: IconName; label: string; testId: string; pressed?: boolean; class?: string; onClick(): void }) {
  return (
    <button
      type="button"
      class={`icon-button${props.pressed ? ' pressed' : ''}${props.class ? ` ${props.class}` : ''}`}
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

/** The direct partner's presence, as visible text ("Online", "Last seen 5 minutes ago"). */
function PartnerPresence({ partner }: { partner: NonNullable<RoomListItem['partner']> }) {
  return (
    <span class={`member-presence ${partner.status}`} data-testid="chat-presence" data-status={partner.status}>
      {usePresenceText(partner)}
    </span>
  );
}

/** The open room's name and size (both open the members panel; a direct room shows the partner's
 * presence instead of a size), and what can be done with it: invite and rename (groups; rename for
 * admins), polls (new, all), files, pin, mute, leave (asked first). Refusals are shown under the header. */
export function ChatHeader({ room, timeline }: { room: RoomListItem | undefined; timeline: RoomTimeline }) {
  const { rooms } = useServices();
  const [dialog, setDialog] = useState<'invite' | 'rename' | 'members' | 'polls' | 'new-poll' | 'files' | 'new-pin' | null>(null);
  const action = useAction();
  const roomId = timeline.roomId;
  const group = room?.type === 'group';
  const admin = timeline.isAdmin.value;
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
        <h1 data-testid="chat-title">
          <button type="button" class="title-button" title={t('members.open')} onClick={() => room && setDialog('members')} data-testid="chat-title-button">
            {name}
          </button>
        </h1>
        {room?.type === 'direct' && room.partner && <PartnerPresence partner={room.partner} />}
        {room?.type === 'group' && (
          <button type="button" class="link-button muted member-count" aria-label={`${t('members.open')}: ${t('chat.members', { n: room.member_count })}`} onClick={() => setDialog('members')} data-testid="member-count">
            {t('chat.members', { n: room.member_count })}
          </button>
        )}
      </div>
      {room && (
        <div class="chat-actions">
          {group && <Action icon="userPlus" label={t('chat.invite')} testId="room-invite" onClick={() => setDialog('invite')} />}
          {group && admin && <Action icon="edit" label={t('chat.rename')} testId="room-rename" onClick={() => setDialog('rename')} />}
          <Action icon="plus" label={t('polls.new')} testId="room-new-poll" onClick={() => setDialog('new-poll')} />
          <Action icon="poll" label={t('polls.open')} testId="room-polls" onClick={() => setDialog('polls')} />
          <Action icon="notice" label={t('pins.new')} testId="room-new-pin" class="wide-only" onClick={() => setDialog('new-pin')} />
          <Action icon="folder" label={t('files.open')} testId="room-files" onClick={() => setDialog('files')} />
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
      {dialog === 'members' && room && <MembersPanel room={room} timeline={timeline} onClose={() => setDialog(null)} />}
      {dialog === 'polls' && <PollsPanel roomId={roomId} admin={admin} onClose={() => setDialog(null)} />}
      {dialog === 'files' && <FilesPanel roomId={roomId} admin={admin} onClose={() => setDialog(null)} />}
      {dialog === 'new-pin' && <NewPinDialog roomId={roomId} onClose={() => setDialog(null)} />}
      {dialog === 'new-poll' && <NewPollDialog roomId={roomId} onClose={() => setDialog(null)} />}
    </header>
  );
}
