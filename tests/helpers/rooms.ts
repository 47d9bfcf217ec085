import type { MessengerServer } from '../../server/server.ts';

/** A room made directly in the database, for suites that test messaging without the rooms REST
 * API. Members' live sockets are joined as the REST invite would. */
export async function createRoomDirect(server: MessengerServer, memberIds: number[], opts: { name?: string; type?: 'direct' | 'group' } = {}): Promise<number> {
  const type = opts.type ?? (memberIds.length === 2 ? 'direct' : 'group');
  const rs = await server.db.execute({
    sql: 'INSERT INTO rooms (name, type, created_by, encryption_key) VALUES (?, ?, ?, ?) RETURNING id',
    args: [opts.name ?? null, type, memberIds[0]!, server.roomKeys.wrap(server.roomKeys.generate())],
  });
  const roomId = Number(rs.rows[0]!.id);
  await server.db.batch(
    memberIds.map((id, i) => ({
      sql: 'INSERT INTO room_members (room_id, user_id, role) VALUES (?, ?, ?)',
      args: [roomId, id, i === 0 ? 'admin' : 'member'],
    })),
    'write',
  );
  server.membership.changed(roomId, memberIds, []);
  return roomId;
}
