import { unreadCounter } from '../../../protocol/unread.ts';

/** Members' read pointers (last_read_message_id) in one room, from the messages meta and then
 * read_updated. A message's unread count is protocol/unread.ts's rule, the server's own. */
export class ReadPointers {
  private readonly byUser = new Map<number, number>();
  /** The counter over the current pointers, built again after they moved. */
  private counter: ReturnType<typeof unreadCounter> | null = null;

  get known(): boolean {
    return this.byUser.size > 0;
  }

  set(members: ReadonlyArray<{ id: number; last_read_message_id: number }>): void {
    this.byUser.clear();
    for (const m of members) this.byUser.set(m.id, m.last_read_message_id);
    this.counter = null;
  }

  get(userId: number): number | undefined {
    return this.byUser.get(userId);
  }

  /** Pointers only move forward; returns the previous value, or null when nothing moved. */
  advance(userId: number, messageId: number): number | null {
    const old = this.byUser.get(userId);
    if (old === undefined || old >= messageId) return null;
    this.byUser.set(userId, messageId);
    this.counter = null;
    return old;
  }

  unreadFor(messageId: number, senderId: number | null): number {
    this.counter ??= unreadCounter([...this.byUser].map(([userId, lastRead]) => ({ userId, lastRead })));
    return this.counter(messageId, senderId);
  }
}
