import type { Services } from '../context.ts';
import type { IoSocket } from './handler.ts';
import { roomRoom } from './realtime.ts';

/** Typing indicators. `is_typing:true` is relayed at most once a second per (user, room); a
 * stop is never dropped; and a start that is not refreshed expires on the server after
 * `expiryMs` (and on disconnect), so an indicator cannot stick (origin §5.5, §11.2.6). */
export class Typing {
  private state = new Map<string, { lastRelay: number; socketId: string; timer: ReturnType<typeof setTimeout> }>();

  constructor(
    private readonly services: () => Services,
    private readonly throttleMs = 1000,
    private readonly expiryMs = 6000,
  ) {}

  /** Returns whether a start was throttled (not relayed). */
  update(socket: IoSocket, roomId: number, isTyping: boolean): { throttled: boolean } {
    const { userId, nickname } = socket.data;
    const key = `${userId}:${roomId}`;
    const current = this.state.get(key);
    if (!isTyping) {
      if (current) clearTimeout(current.timer);
      this.state.delete(key);
      this.relay(socket, roomId, false);
      return { throttled: false };
    }
    const now = Date.now();
    const timer = setTimeout(() => this.expire(key, roomId, userId, nickname), this.expiryMs);
    timer.unref?.();
    if (current) clearTimeout(current.timer);
    if (current && now - current.lastRelay < this.throttleMs) {
      this.state.set(key, { ...current, timer });
      return { throttled: true };
    }
    this.state.set(key, { lastRelay: now, socketId: socket.id, timer });
    this.relay(socket, roomId, true);
    return { throttled: false };
  }

  /** A socket went away: stop whatever it was typing. */
  socketGone(socket: IoSocket): void {
    for (const [key, st] of this.state) {
      if (st.socketId !== socket.id) continue;
      clearTimeout(st.timer);
      this.state.delete(key);
      const roomId = Number(key.split(':')[1]);
      this.services().realtime.io.to(roomRoom(roomId)).emit('user_typing', {
        room_id: roomId,
        user_id: socket.data.userId,
        nickname: socket.data.nickname,
        is_typing: false,
      });
    }
  }

  private relay(socket: IoSocket, roomId: number, isTyping: boolean): void {
    // Everyone in the room but this socket (the user's other devices filter by user_id).
    socket.to(roomRoom(roomId)).emit('user_typing', { room_id: roomId, user_id: socket.data.userId, nickname: socket.data.nickname, is_typing: isTyping });
  }

  private expire(key: string, roomId: number, userId: number, nickname: string): void {
    this.state.delete(key);
    this.services().realtime.io.to(roomRoom(roomId)).emit('user_typing', { room_id: roomId, user_id: userId, nickname, is_typing: false });
  }

  clear(): void {
    for (const st of this.state.values()) clearTimeout(st.timer);
    this.state.clear();
  }
}
