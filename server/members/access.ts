import type { ErrorCode } from '../../protocol/errors/index.ts';
import type { Auth } from '../auth/access.ts';
import { ApiError } from '../http/api-error.ts';
import { type Ctx, pathId } from '../http/route.ts';
import type { Membership } from '../members/membership.ts';
import type { MemberRepo } from '../members/repo.ts';

/** The room of `:id` for a signed-in caller. A malformed id is 404 ROOM_NOT_FOUND. A well-formed id
 * of a room the caller is not in is 403 (`denied`) whether or not the room exists, so non-members
 * cannot probe which rooms exist (the origin's membership check ran first too). */
export interface RoomAccess {
  /** Membership from the cache. */
  member(c: Ctx, auth: Auth, denied?: ErrorCode): Promise<number>;
  /** Membership plus the caller's role, straight from the table: admin checks are never stale. */
  role(c: Ctx, auth: Auth, denied?: ErrorCode): Promise<{ roomId: number; role: 'admin' | 'member' }>;
}

export function roomAccess(deps: { membership: Membership; members: MemberRepo }): RoomAccess {
  const roomIdOf = (c: Ctx) => {
    const roomId = pathId(c.req.param('id'));
    if (roomId === null) throw new ApiError('ROOM_NOT_FOUND');
    return roomId;
  };
  return {
    async member(c, auth, denied = 'ROOM_ACCESS_DENIED') {
      const roomId = roomIdOf(c);
      if (!(await deps.membership.isMember(auth.userId, roomId))) throw new ApiError(denied);
      return roomId;
    },
    async role(c, auth, denied = 'ROOM_ACCESS_DENIED') {
      const roomId = roomIdOf(c);
      const role = await deps.members.role(auth.userId, roomId);
      if (role === null) throw new ApiError(denied);
      return { roomId, role };
    },
  };
}
