import { useEffect, useState } from 'preact/hooks';
import type { RoomListItem } from '../../../../protocol/rest/rooms.ts';
import { t } from '../../i18n/index.ts';
import type { RoomTimeline } from '../../stores.ts';
import { ConfirmDialog } from '../common/confirm-dialog.tsx';
import { Dialog } from '../common/dialog.tsx';
import { useAction } from '../common/use-action.ts';
import { useServices } from '../context.ts';
import { MemberList } from './member-list.tsx';
import { MemberProfile } from './member-profile.tsx';

type View = { kind: 'list' } | { kind: 'profile'; userId: number } | { kind: 'kick'; userId: number };

/** The room's members (from the chat store, kept live by member, presence and profile events), one
 * member's profile, and the question before removing someone. One dialog at a time, each mounted
 * afresh so focus moves into it. */
export function MembersPanel(props: { room: RoomListItem; timeline: RoomTimeline; onClose(): void }) {
  const { chat, rooms, session } = useServices();
  const { room, timeline, onClose } = props;
  const [view, setView] = useState<View>({ kind: 'list' });
  const kick = useAction();
  const members = timeline.members.value;
  const meId = session.user?.id ?? null;
  useEffect(() => void chat.refreshMembers(room.id), [room.id]);

  // Someone who left or was removed meanwhile: back to everyone.
  const member = view.kind === 'list' ? undefined : members.find((m) => m.id === view.userId);

  if (view.kind === 'kick' && member) {
    return (
      <ConfirmDialog
        key="kick"
        testId="kick-confirm"
        title={t('members.kick_title')}
        message={t('members.kick_confirm', { name: member.nickname })}
        confirmLabel={t('members.kick')}
        danger
        busy={kick.busy}
        error={kick.error}
        onCancel={() => setView({ kind: 'profile', userId: member.id })}
        onConfirm={async () => {
          if (await kick.run(() => rooms.kick(room.id, member.id))) setView({ kind: 'list' });
        }}
      />
    );
  }

  if (view.kind === 'profile' && member) {
    return (
      <Dialog key={`profile-${member.id}`} title={t('members.profile')} onClose={onClose} testId="members-panel">
        <MemberProfile
          room={room}
          member={member}
          meId={meId}
          admin={timeline.isAdmin.value}
          onBack={() => setView({ kind: 'list' })}
          onClose={onClose}
          onKick={() => setView({ kind: 'kick', userId: member.id })}
        />
      </Dialog>
    );
  }

  return <MembersDialog {...props} meId={meId} onOpen={(userId) => setView({ kind: 'profile', userId })} />;
}

function MembersDialog(props: { room: RoomListItem; timeline: RoomTimeline; meId: number | null; onClose(): void; onOpen(userId: number): void }) {
  const members = props.timeline.members.value;
  return (
    <Dialog key="list" title={t('members.title', { n: members.length })} onClose={props.onClose} testId="members-panel">
      <MemberList room={props.room} members={members} meId={props.meId} onOpen={props.onOpen} />
    </Dialog>
  );
}
