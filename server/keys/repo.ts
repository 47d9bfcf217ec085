import type { InStatement } from '@libsql/client';
import type { Db } from '../db/client.ts';

/** Room key versions. Version 1 is the origin's `rooms.encryption_key`; later versions are rows
 * of `room_keys`; `rooms.key_version` is the current one. A member may hold the versions from
 * `room_members.joined_key_version` (the current version when they joined) on. */

/** A room's wrapped keys that one member may hold. */
export interface StoredRing {
  roomId: number;
  current: number;
  versions: Array<{ version: number; wrapped: string }>;
}

export class KeyRepo {
  constructor(private readonly db: Db) {}

  /** The member's rings: every room of theirs, or only `roomId` (empty when not a member). Two
   * reads in one batch, so a rotation is seen by both or neither. */
  async rings(userId: number, roomId?: number): Promise<StoredRing[]> {
    const one = roomId === undefined ? '' : ' AND me.room_id = ?';
    const args = roomId === undefined ? [userId] : [userId, roomId];
    const [rooms, later] = await this.db.batch(
      [
        {
          sql: `SELECT r.id, r.key_version, me.joined_key_version, r.encryption_key
                FROM room_members me JOIN rooms r ON r.id = me.room_id WHERE me.user_id = ?${one} ORDER BY r.id`,
          args,
        },
        {
          sql: `SELECT k.room_id, k.version, k.wrapped_key
                FROM room_members me JOIN room_keys k ON k.room_id = me.room_id AND k.version >= me.joined_key_version
                WHERE me.user_id = ?${one} ORDER BY k.room_id, k.version`,
          args,
        },
      ],
      'read',
    );
    const rings = new Map<number, StoredRing>();
    for (const r of rooms!.rows) {
      const ring: StoredRing = { roomId: Number(r.id), current: Number(r.key_version), versions: [] };
      if (r.encryption_key != null && Number(r.joined_key_version) <= 1) ring.versions.push({ version: 1, wrapped: String(r.encryption_key) });
      rings.set(ring.roomId, ring);
    }
    for (const k of later!.rows) rings.get(Number(k.room_id))?.versions.push({ version: Number(k.version), wrapped: String(k.wrapped_key) });
    return [...rings.values()];
  }
}

/** A new key version for a room, in the same transaction as the membership change that calls
 * for it: to be placed right after a DELETE from room_members, it applies only when that DELETE
 * removed someone (`changes()`), the room has a key and someone is left to hold the new one. The
 * last statement RETURNs the new version. */
export function rotationStatements(roomId: number, wrappedKey: string, createdAt: string): InStatement[] {
  return [
    {
      sql: `INSERT INTO room_keys (room_id, version, wrapped_key, created_at)
            SELECT id, key_version + 1, ?, ? FROM rooms
            WHERE id = ? AND changes() > 0 AND encryption_key IS NOT NULL
              AND EXISTS (SELECT 1 FROM room_members WHERE room_id = rooms.id)`,
      args: [wrappedKey, createdAt, roomId],
    },
    { sql: 'UPDATE rooms SET key_version = key_version + 1 WHERE id = ? AND changes() = 1 RETURNING key_version', args: [roomId] },
  ];
}
