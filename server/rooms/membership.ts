import type { Db } from '../db/client.ts';

/** Which rooms each user is in, cached for the socket hot path (every send, read, typing).
 * Every membership change must call `invalidate` — the one path, so that with several instances
 * it can also go out on the invalidation bus. Entries also age out, bounding staleness. */
export class Membership {
  private cache = new Map<number, { rooms: Set<number>; freshUntil: number }>();

  constructor(
    private readonly db: Db,
    private readonly ttlMs = 300_000,
    private readonly maxEntries = 20_000,
  ) {}

  async roomIds(userId: number): Promise<ReadonlySet<number>> {
    const hit = this.cache.get(userId);
    if (hit && hit.freshUntil > Date.now()) return hit.rooms;
    const rs = await this.db.execute({ sql: 'SELECT room_id FROM room_members WHERE user_id = ?', args: [userId] });
    const rooms = new Set(rs.rows.map((r) => Number(r.room_id)));
    if (this.cache.size >= this.maxEntries) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(userId, { rooms, freshUntil: Date.now() + this.ttlMs });
    return rooms;
  }

  async isMember(userId: number, roomId: number): Promise<boolean> {
    return (await this.roomIds(userId)).has(roomId);
  }

  /** Straight from the database: role checks guard admin actions and must never be stale. */
  async role(userId: number, roomId: number): Promise<'admin' | 'member' | null> {
    const rs = await this.db.execute({
      sql: `SELECT CASE WHEN rm.role = 'admin' OR r.created_by = rm.user_id THEN 'admin' ELSE 'member' END AS role
            FROM room_members rm JOIN rooms r ON r.id = rm.room_id WHERE rm.room_id = ? AND rm.user_id = ?`,
      args: [roomId, userId],
    });
    return rs.rows[0] ? (rs.rows[0].role as 'admin' | 'member') : null;
  }

  async memberIds(roomId: number): Promise<number[]> {
    const rs = await this.db.execute({ sql: 'SELECT user_id FROM room_members WHERE room_id = ? ORDER BY user_id', args: [roomId] });
    return rs.rows.map((r) => Number(r.user_id));
  }

  invalidate(userIds: Iterable<number>): void {
    for (const id of userIds) this.cache.delete(id);
  }
}
