import type { RoomMember } from '../../../../protocol/rest/members.ts';
import type { RoomListItem } from '../../../../protocol/rest/rooms.ts';
import { t } from '../../i18n/index.ts';
import { Avatar } from '../common/avatar.tsx';
import { Icon } from '../common/icons.tsx';
import { PresenceDot, usePresenceText } from '../common/presence.tsx';
import { useAction } from '../common/use-action.ts';
import { useServices } from '../context.ts';
import { RoleTag } from './member-list.tsx';
import { memberRole } from './member-order.ts';

interface Props {
  room: RoomListItem;
  member: RoomMember;
  meId: number | null;
  /** I administer this room. */
  admin: boolean;
  onBack(): void;
  /** Message opened another room: the panel goes. */
  onClose(): void;
  onKick(): void;
}

/** One person: who they are, how to reach them, and what a room admin may do about them. */
export function MemberProfile({ room, member: m, meId, admin, onBack, onClose, onKick }: Props) {
  const { rooms } = useServices();
  const action = useAction();
  const presence = usePresenceText(m);
  const role = memberRole(room, m);
  const me = m.id === meId;
  // Admin actions: group rooms, someone else; an admin cannot be removed (demote first).
  const manage = admin && room.type === 'group' && !me;

  const message = async () => {
    if (room.type === 'direct' && room.partner?.id === m.id) return onClose();
    let roomId = 0;
    if (await action.run(async () => (roomId = await rooms.createDirect(m.id)))) {
      rooms.current.value = roomId;
      onClose();
    }
  };

  return (
    <div class="member-profile stack" data-testid="member-profile" data-user-id={m.id}>
      <button type="button" class="link-button muted back-link" onClick={onBack} data-testid="member-back">
        <Icon name="back" size={16} /> {t('members.back')}
      </button>
      <div class="profile-card">
        <span class="avatar-wrap">
          <Avatar name={m.nickname} id={m.id} size="lg" image={m.profile_image} />
          <PresenceDot presence={m} decorative />
        </span>
        <div class="profile-names">
          <h3 data-testid="profile-nickname">
            {m.nickname} {me && <span class="muted">({t('members.you')})</span>}
          </h3>
          <span class="muted" data-testid="profile-username">
            @{m.username}
          </span>
          <span class="profile-tags">
            <RoleTag role={role} />
            <span class={`member-presence ${m.status}`} data-testid="profile-presence">
              {presence}
            </span>
          </span>
        </div>
      </div>
      {m.status_message && (
        <div class="status-message">
          <span class="status-label">{t('members.status_message')}</span>
          <p data-testid="profile-status-message">{m.status_message}</p>
        </div>
      )}
      {action.error && (
        <p class="form-error" role="alert">
          {action.error}
        </p>
      )}
      <div class="profile-actions">
        {!me && (
          <button type="button" class="button primary" disabled={action.busy} onClick={() => void message()} data-testid="member-message">
            <Icon name="message" size={16} /> {t('members.message')}
          </button>
        )}
        {manage && (
          <button
            type="button"
            class="button soft"
            disabled={action.busy}
            data-testid="member-admin-toggle"
            onClick={() => void action.run(() => rooms.setAdmin(room.id, m.id, m.role !== 'admin'))}
          >
            {t(m.role === 'admin' ? 'members.remove_admin' : 'members.make_admin')}
          </button>
        )}
        {manage && m.role !== 'admin' && (
          <button type="button" class="button soft danger" disabled={action.busy} onClick={onKick} data-testid="member-kick">
            {t('members.kick')}
          </button>
        )}
      </div>
    </div>
  );
}
