import type { Socket } from 'socket.io-client';
import { expect } from 'vitest';
import { errorEnvelopeSchema } from '../../protocol/envelope.ts';
import type { Api } from '../helpers/http.ts';
import { registerAndLogin } from '../helpers/http.ts';
import type { TestServer } from '../helpers/server.ts';
import { connectSocket, emitAck } from '../helpers/socket.ts';

/** Shared setup for the messages suites: users, rooms and messages made directly (rooms REST is
 * another feature), and assertions on the error envelope. */

export type User = Awaited<ReturnType<typeof registerAndLogin>>;

export async function users(a: Api, n: number): Promise<User[]> {
  return Promise.all(Array.from({ length: n }, () => registerAndLogin(a)));
}

/** Write messages through the real writer (group commit), in order; returns their ids. */
export async function writeMessages(t: TestServer, roomId: number, senderId: number, contents: string[], replyTo?: number): Promise<number[]> {
  const ids: number[] = [];
  for (const content of contents) {
    const { view } = await t.server.writer.write({ roomId, senderId, content, encrypted: false, type: 'text', replyTo });
    ids.push(view.id);
  }
  return ids;
}

/** Many messages at once (one or a few group commits); ids ascending. */
export async function writeMany(t: TestServer, roomId: number, senderId: number, n: number): Promise<number[]> {
  const results = await Promise.all(
    Array.from({ length: n }, (_, i) => t.server.writer.write({ roomId, senderId, content: `m${i}`, encrypted: false, type: 'text' })),
  );
  return results.map((r) => r.view.id).sort((x, y) => x - y);
}

/** Take a user out of a room as the rooms feature does: row gone, cache invalidated, sockets out. */
export async function removeMember(t: TestServer, roomId: number, userId: number): Promise<void> {
  await t.server.db.execute({ sql: 'DELETE FROM room_members WHERE room_id = ? AND user_id = ?', args: [roomId, userId] });
  t.server.membership.changed(roomId, [], [userId]);
}

export async function expectError(p: Promise<{ status: number; body: unknown }>, status: number, code: string): Promise<void> {
  const res = await p;
  expect({ status: res.status, code: (res.body as { error_code?: string } | null)?.error_code }).toEqual({ status, code });
  errorEnvelopeSchema.parse(res.body);
}

export async function expectAckError(socket: Socket, event: string, payload: unknown, code: string): Promise<void> {
  const ack = await emitAck(socket, event, payload);
  expect(ack).toMatchObject({ ok: false, error_code: code });
  expect(typeof ack.error).toBe('string');
}

const sockets: Socket[] = [];
export async function socketOf(t: TestServer, u: User): Promise<Socket> {
  const s = await connectSocket(t.url, u.accessToken);
  sockets.push(s);
  return s;
}
export function closeSockets(): void {
  for (const s of sockets.splice(0)) s.close();
}
