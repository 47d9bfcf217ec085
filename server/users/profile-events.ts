import type { Membership } from '../members/membership.ts';
import type { Broadcast } from '../realtime/broadcast.ts';
import type { UserRow } from './repo.ts';

/** user_profile_updated after any profile change (nickname, status, image). Server-emitted (the
 * origin trusted a client relay): to the user's other clients and to their rooms. */
export async function announceProfile(deps: { membership: Membership; broadcast: Broadcast }, user: UserRow): Promise<void> {
  const rooms = [...(await deps.membership.roomIds(user.id))];
  deps.broadcast.emit({ users: [user.id], rooms }, 'user_profile_updated', {
    user_id: user.id,
    nickname: user.nickname,
    profile_image: user.profileImage,
    status_message: user.statusMessage,
  });
}
