import type { ClusterBus } from '../cluster/bus.ts';
import type { Broadcast } from '../realtime/broadcast.ts';
import type { MemberRepo } from './repo.ts';

/** Which rooms each user is in, cached for the socket hot path (every send, read, typing), and
 * the one path a membership change takes: `changed` drops the cached sets and moves the users'
 * live sockets at once (and, through the cluster bus in server/cluster/, on every instance).
 * Entries also age out, bounding staleness. */
export class Membership {
  private cache = new Map<number, { rooms: Set<number>; freshUntil: number }>();

  constructor(
    private readonly repo: MemberRepo,
    private readonly broadcast: Broadcast,
    private readonly bus: ClusterBus,
    private readonly ttlMs = 300_000,
    private readonly maxEntries = 20_000,
  ) {
    // Another instance changed a membership: its users' cached sets are stale here too.
    bus.subscribe((event) => {
      if (event.kind === 'membership_changed') this.invalidate(event.users);
    });
  }

  async roomIds(userId: number): Promise<ReadonlySet<number>> {
    const hit = this.cache.get(userId);
    if (hit && hit.freshUntil > Date.now()) return hit.rooms;
    const rooms = new Set(await this.repo.roomIds(userId));
    if (this.cache.size >= this.maxEntries) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(userId, { rooms, freshUntil: Date.now() + this.ttlMs });
    return rooms;
  }

  async isMember(userId: number, roomId: number): Promise<boolean> {
    return (await this.roomIds(userId)).has(roomId);
  }

  /** Membership of `roomId` changed (committed): a removed member hears nothing more and a new one
   * hears the very next event. */
  changed(roomId: number, joined: readonly number[], left: readonly number[]): void {
    this.bus.publish({ kind: 'membership_changed', users: [...joined, ...left] });
    this.broadcast.joinRoom(joined, roomId);
    this.broadcast.leaveRoom(left, roomId);
  }

  invalidate(userIds: Iterable<number>): void {
    for (const id of userIds) this.cache.delete(id);
  }
}
