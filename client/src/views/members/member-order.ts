import type { RoomMember } from '../../../../protocol/rest/members.ts';
import type { RoomListItem } from '../../../../protocol/rest/rooms.ts';

/** A member's place in a group room: the owner (`created_by`, always an admin), another admin, or
 * none. Direct rooms have no roles to show. */
export type MemberRole = 'owner' | 'admin' | null;

export function memberRole(room: Pick<RoomListItem, 'type' | 'created_by'>, m: Pick<RoomMember, 'id' | 'role'>): MemberRole {
  if (room.type !== 'group') return null;
  if (m.id === room.created_by) return 'owner';
  return m.role === 'admin' ? 'admin' : null;
}

const rank = { owner: 0, admin: 1 } as const;

/** The owner, then admins, then everyone else; by nickname within each. */
export function sortMembers(members: readonly RoomMember[], room: Pick<RoomListItem, 'type' | 'created_by'>): RoomMember[] {
  const key = (m: RoomMember) => {
    const role = memberRole(room, m);
    return role ? rank[role] : 2;
  };
  return [...members].sort((a, b) => key(a) - key(b) || a.nickname.localeCompare(b.nickname) || a.id - b.id);
}
