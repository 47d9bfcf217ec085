import type { RoomMember } from '../../../../protocol/rest/members.ts';
import type { RoomListItem } from '../../../../protocol/rest/rooms.ts';
import { t } from '../../i18n/index.ts';
import { Avatar } from '../common/avatar.tsx';
import { PresenceDot, usePresenceText } from '../common/presence.tsx';
import { type MemberRole, memberRole, sortMembers } from './member-order.ts';

export function RoleTag({ role }: { role: MemberRole }) {
  if (!role) return null;
  return (
    <span class={`role-tag ${role}`} data-testid="member-role">
      {t(role === 'owner' ? 'members.owner' : 'members.admin')}
    </span>
  );
}

function MemberRow(props: { member: RoomMember; role: MemberRole; me: boolean; onOpen(): void }) {
  const { member: m } = props;
  const presence = usePresenceText(m);
  return (
    <li>
      <button type="button" class="member-row" data-testid="member-row" data-user-id={m.id} onClick={props.onOpen}>
        <span class="avatar-wrap">
          <Avatar name={m.nickname} id={m.id} image={m.profile_image} />
          <PresenceDot presence={m} decorative />
        </span>
        <span class="member-main">
          <span class="member-line">
            <span class="member-name">{m.nickname}</span>
            {props.me && <span class="muted">({t('members.you')})</span>}
            <RoleTag role={props.role} />
          </span>
          <span class={`member-presence ${m.status}`} data-testid="member-presence">
            {presence}
          </span>
        </span>
      </button>
    </li>
  );
}

/** Everyone in the room, each a button to their profile. */
export function MemberList(props: { room: RoomListItem; members: readonly RoomMember[]; meId: number | null; onOpen(userId: number): void }) {
  return (
    <ul class="member-list" data-testid="member-list">
      {sortMembers(props.members, props.room).map((m) => (
        <MemberRow key={m.id} member={m} role={memberRole(props.room, m)} me={m.id === props.meId} onOpen={() => props.onOpen(m.id)} />
      ))}
    </ul>
  );
}
