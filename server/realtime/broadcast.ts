import type { Server } from 'socket.io';
import type { ClientToServerEvents, InterServerEvents, ServerEventName, ServerEventPayload, ServerToClientEvents, SocketData } from '../../protocol/events.ts';
import { roomChannel, sessionChannel, userChannel } from './channels.ts';

export type IoServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** Who hears an event: the members of some rooms, every socket of some users (or sessions),
 * optionally minus one socket (the typing sender). */
export interface Audience {
  rooms?: readonly number[];
  users?: readonly number[];
  sessions?: readonly number[];
  exceptSocket?: string;
}

/** The one way features reach live sockets. With one instance it is socket.io's in-memory adapter;
 * a Redis or cluster adapter plugs in under it, and every emit, channel move and disconnect here
 * then crosses instances without a feature changing. */
export interface Broadcast {
  /** One emit to the union of the audience: a socket in several targets hears it once. An empty
   * audience reaches nobody (socket.io's `to([])` would reach everyone). */
  emit<E extends ServerEventName>(to: Audience, event: E, payload: ServerEventPayload<E>): void;
  /** Move the users' live sockets into a room's channel (after an invite or a create). */
  joinRoom(userIds: readonly number[], roomId: number): void;
  /** Take the users' live sockets out of a room's channel (after a leave or kick). */
  leaveRoom(userIds: readonly number[], roomId: number): void;
  /** Cut sockets at once (revoked sessions, a deleted account). */
  disconnect(to: Pick<Audience, 'users' | 'sessions'>): void;
  /** Sockets connected to this instance. */
  connectedCount(): number;
  /** Whether the user has a socket on any instance (asks the others through the adapter; only
   * this instance when they do not answer). */
  userConnected(userId: number): Promise<boolean>;
}

function channels(to: Audience): string[] {
  return [...(to.rooms ?? []).map(roomChannel), ...(to.users ?? []).map(userChannel), ...(to.sessions ?? []).map(sessionChannel)];
}

export function ioBroadcast(io: IoServer): Broadcast {
  return {
    emit<E extends ServerEventName>(to: Audience, event: E, payload: ServerEventPayload<E>) {
      const targets = channels(to);
      if (targets.length === 0) return;
      const op = to.exceptSocket ? io.to(targets).except(to.exceptSocket) : io.to(targets);
      // socket.io's emit is typed by a rest tuple that a generic E cannot narrow: the signature above is the check.
      (op.emit as (e: E, p: unknown) => boolean)(event, payload);
    },
    joinRoom(userIds, roomId) {
      if (userIds.length > 0) io.in(userIds.map(userChannel)).socketsJoin(roomChannel(roomId));
    },
    leaveRoom(userIds, roomId) {
      if (userIds.length > 0) io.in(userIds.map(userChannel)).socketsLeave(roomChannel(roomId));
    },
    disconnect(to) {
      const targets = channels(to);
      if (targets.length > 0) io.in(targets).disconnectSockets(true);
    },
    connectedCount() {
      return io.engine?.clientsCount ?? 0;
    },
    async userConnected(userId) {
      const channel = userChannel(userId);
      const sockets = await io.in(channel).fetchSockets().catch(() => io.local.in(channel).fetchSockets());
      return sockets.length > 0;
    },
  };
}
