import type { Services } from '../context.ts';
import { roomRoom } from './realtime.ts';

/** Online/offline from live sockets: a user is online while at least one socket is connected
 * (several tabs and devices count once). This process's sockets only — with several instances the
 * count moves to the shared adapter. `users.status` is reset to offline at start. */
export class Presence {
  private sockets = new Map<number, Set<string>>();
  private stopped = false;

  constructor(private readonly services: () => Services) {}

  isOnline(userId: number): boolean {
    return (this.sockets.get(userId)?.size ?? 0) > 0;
  }

  async connected(userId: number, socketId: string): Promise<void> {
    let set = this.sockets.get(userId);
    if (!set) this.sockets.set(userId, (set = new Set()));
    set.add(socketId);
    if (set.size === 1) await this.announce(userId, 'online');
  }

  async disconnected(userId: number, socketId: string): Promise<void> {
    const set = this.sockets.get(userId);
    if (!set?.delete(socketId) || set.size > 0) return;
    this.sockets.delete(userId);
    await this.announce(userId, 'offline');
  }

  /** Shutting down: the next start resets everyone to offline anyway. */
  stop(): void {
    this.stopped = true;
  }

  private async announce(userId: number, status: 'online' | 'offline'): Promise<void> {
    if (this.stopped) return;
    const s = this.services();
    // A reconnect may have raced the disconnect: write what is true now.
    const now = this.isOnline(userId) ? 'online' : 'offline';
    if (now !== status) return;
    await s.db.execute({ sql: 'UPDATE users SET status = ? WHERE id = ?', args: [status, userId] });
    const rooms = [...(await s.membership.roomIds(userId))].map(roomRoom);
    if (rooms.length > 0) s.realtime.io.to(rooms).emit('user_status', { user_id: userId, status });
  }
}
