import type { UserStatusEvent } from '../../../protocol/events.ts';

interface Presence {
  status: 'online' | 'offline';
  last_seen_at: string | null;
}

/** The latest presence event per user, numbered in arrival order. A list fetched over REST (room
 * list, room members) is a snapshot from when its request left: an event that arrived after that
 * is newer than the snapshot, whenever the answer comes back. */
export class PresenceLog {
  private seq = 0;
  private readonly latest = new Map<number, { seq: number; event: UserStatusEvent }>();

  note(e: UserStatusEvent): void {
    this.latest.set(e.user_id, { seq: ++this.seq, event: e });
  }

  /** Taken just before a fetch. */
  mark(): number {
    return this.seq;
  }

  /** `p` (user `userId`) as fetched after `mark`, with a newer event applied. */
  fresh<T extends Presence>(userId: number, p: T, mark: number): T {
    const e = this.latest.get(userId);
    if (!e || e.seq <= mark) return p;
    return { ...p, status: e.event.status, last_seen_at: e.event.last_seen_at ?? p.last_seen_at };
  }

  clear(): void {
    this.latest.clear();
  }
}
