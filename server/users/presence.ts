import type { UserStatusEvent } from '../../protocol/events.ts';
import { nowIso } from '../db/time.ts';
import type { Logger } from '../logger.ts';
import type { Membership } from '../members/membership.ts';
import type { Broadcast } from '../realtime/broadcast.ts';
import type { SocketFeature } from '../realtime/socket-server.ts';
import type { UserRepo } from './repo.ts';

/** Online/offline from live sockets: a user is online while at least one socket is connected
 * (several tabs and devices count once); when the last one goes, `last_seen_at` is that moment. Sockets
 * are counted here per instance; before saying "offline" the other instances are asked (through
 * the adapter), so a user still connected elsewhere stays online. */
export class Presence {
  private sockets = new Map<number, Set<string>>();
  private stopped = false;

  constructor(private readonly deps: { users: UserRepo; membership: Membership; broadcast: Broadcast; logger: Logger }) {}

  /** Each connection counts while it lives. */
  readonly socket: SocketFeature = {
    register: ({ socket }) => {
      socket.on('disconnect', () => {
        void this.disconnected(socket.data.userId, socket.id).catch((err) => this.deps.logger.error('presence', { error: String(err) }));
      });
    },
    ready: ({ socket }) => this.connected(socket.data.userId, socket.id),
  };

  isOnline(userId: number): boolean {
    return (this.sockets.get(userId)?.size ?? 0) > 0;
  }

  /** Shutting down: the next start resets everyone to offline anyway. */
  stop(): void {
    this.stopped = true;
  }

  private async connected(userId: number, socketId: string): Promise<void> {
    let set = this.sockets.get(userId);
    if (!set) this.sockets.set(userId, (set = new Set()));
    set.add(socketId);
    if (set.size === 1) await this.announce(userId, 'online');
  }

  private async disconnected(userId: number, socketId: string): Promise<void> {
    const set = this.sockets.get(userId);
    if (!set?.delete(socketId) || set.size > 0) return;
    this.sockets.delete(userId);
    if (await this.deps.broadcast.userConnected(userId)) return;
    await this.announce(userId, 'offline');
  }

  private async announce(userId: number, status: 'online' | 'offline'): Promise<void> {
    if (this.stopped) return;
    // A reconnect may have raced the disconnect: write what is true now.
    const now = this.isOnline(userId) ? 'online' : 'offline';
    if (now !== status) return;
    let payload: UserStatusEvent;
    if (status === 'online') {
      await this.deps.users.setOnline(userId);
      payload = { user_id: userId, status };
    } else {
      const lastSeen = nowIso();
      await this.deps.users.setOffline(userId, lastSeen);
      payload = { user_id: userId, status, last_seen_at: lastSeen };
    }
    this.deps.broadcast.emit({ rooms: [...(await this.deps.membership.roomIds(userId))] }, 'user_status', payload);
  }
}
