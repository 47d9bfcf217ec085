import { type Socket, io } from 'socket.io-client';
import { expect } from 'vitest';
import { errorEnvelopeSchema } from '../../protocol/envelope.ts';
import { type JsonResponse, api, registerAndLogin } from '../helpers/http.ts';
import type { ServerSuite } from '../helpers/suite.ts';

/** Shared helpers for the room suites (each file's server comes from useServer): users, sockets that record every
 * event they receive, and helpers to wait for (or rule out) events. */

export type User = Awaited<ReturnType<typeof registerAndLogin>> & { nickname: string };
export interface Received {
  event: string;
  payload: any;
}
export type Client = Socket & { log: Received[] };

/** The file's server (tests/helpers/suite.ts useServer). */
export type Env = ServerSuite;

let n = 0;
export async function user(env: Env): Promise<User> {
  n += 1;
  const nickname = `닉${n}_${process.pid % 1000}`;
  return { ...(await registerAndLogin(env.a, { nickname })), nickname };
}

export const as = (u: User) => ({ token: u.accessToken });

/** A connected socket of `u`, subscribed to `roomIds` (joining them is ACKed, so nothing sent to
 * those rooms after this resolves can be missed). */
export async function connect(env: Env, u: User, roomIds: number[] = []): Promise<Client> {
  const socket = io(env.t.url, { transports: ['websocket'], reconnection: false, auth: { token: u.accessToken } }) as Client;
  socket.log = [];
  socket.onAny((event: string, payload: unknown) => socket.log.push({ event, payload }));
  env.track(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const ack = await socket.timeout(5000).emitWithAck('subscribe_rooms', { room_ids: roomIds });
  expect(ack.ok).toBe(true);
  return socket;
}

/** The first event (already received or still to come) that matches. */
export function waitFor(socket: Client, event: string, match: (p: any) => boolean = () => true, timeoutMs = 5000): Promise<any> {
  const seen = socket.log.find((r) => r.event === event && match(r.payload));
  if (seen) return Promise.resolve(seen.payload);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new Error(`no ${event} within ${timeoutMs} ms; got ${JSON.stringify(socket.log)}`));
    }, timeoutMs);
    const listener = (payload: any) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(payload);
    };
    socket.on(event, listener);
  });
}

export const events = (socket: Client, event: string, match: (p: any) => boolean = () => true) =>
  socket.log.filter((r) => r.event === event && match(r.payload)).map((r) => r.payload);

/** A later event that reaches `socket` through its own user room: anything emitted to that socket
 * before it has been delivered by the time this resolves (socket.io keeps per-socket order). */
export async function barrier(env: Env, u: User, socket: Client): Promise<void> {
  const res = await env.a.post('/api/rooms', { members: [] }, as(u));
  expect(res.status).toBe(200);
  await waitFor(socket, 'room_updated', (p) => p.action === 'room_created' && p.room_id === res.body.room_id);
}

export async function createRoom(env: Env, creator: User, members: User[], name?: string): Promise<number> {
  const res = await env.a.post('/api/rooms', { name, members: members.map((m) => m.userId) }, as(creator));
  expect(res.status).toBe(200);
  return res.body.room_id as number;
}

export function expectError(res: JsonResponse, status: number, code: string): void {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body.error_code).toBe(code);
  expect(errorEnvelopeSchema.parse(res.body).error_code).toBe(code);
}

/** A message stored the way the socket path stores it. */
export async function sendText(env: Env, roomId: number, sender: User, content: string, encrypted = false) {
  const { view } = await env.t.server.writer.write({ roomId, senderId: sender.userId, content, encrypted, type: 'text' });
  return view;
}
