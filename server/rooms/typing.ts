import type { Broadcast } from '../realtime/broadcast.ts';

/** Who is typing where, as one socket sees it. */
export interface Typist {
  socketId: string;
  userId: number;
  nickname: string;
}

/** Typing indicators. `is_typing:true` is relayed at most once a second per (user, room); a
 * stop is never dropped; and a start that is not refreshed expires on the server after
 * `expiryMs` (and on disconnect), so an indicator cannot stick (the origin's could). */
export class Typing {
  private state = new Map<string, { lastRelay: number; socketId: string; timer: ReturnType<typeof setTimeout> }>();

  constructor(
    private readonly broadcast: Broadcast,
    private readonly throttleMs = 1000,
    private readonly expiryMs = 6000,
  ) {}

  /** Returns whether a start was throttled (not relayed). */
  update(who: Typist, roomId: number, isTyping: boolean): { throttled: boolean } {
    const key = `${who.userId}:${roomId}`;
    const current = this.state.get(key);
    if (!isTyping) {
      if (current) clearTimeout(current.timer);
      this.state.delete(key);
      this.relay(who, roomId, false, who.socketId);
      return { throttled: false };
    }
    const now = Date.now();
    const timer = setTimeout(() => {
      this.state.delete(key);
      this.relay(who, roomId, false);
    }, this.expiryMs);
    timer.unref?.();
    if (current) clearTimeout(current.timer);
    if (current && now - current.lastRelay < this.throttleMs) {
      this.state.set(key, { ...current, timer });
      return { throttled: true };
    }
    this.state.set(key, { lastRelay: now, socketId: who.socketId, timer });
    this.relay(who, roomId, true, who.socketId);
    return { throttled: false };
  }

  /** A socket went away: stop whatever it was typing. */
  socketGone(who: Typist): void {
    for (const [key, st] of this.state) {
      if (st.socketId !== who.socketId) continue;
      clearTimeout(st.timer);
      this.state.delete(key);
      this.relay(who, Number(key.split(':')[1]), false);
    }
  }

  clear(): void {
    for (const st of this.state.values()) clearTimeout(st.timer);
    this.state.clear();
  }

  /** To the room, minus the typing socket when it is the one speaking (the user's other devices
   * filter by user_id). Expiry and disconnect stops go to everyone in the room. */
  private relay(who: Typist, roomId: number, isTyping: boolean, exceptSocket?: string): void {
    this.broadcast.emit(
      { rooms: [roomId], exceptSocket },
      'user_typing',
      { room_id: roomId, user_id: who.userId, nickname: who.nickname, is_typing: isTyping },
    );
  }
}
