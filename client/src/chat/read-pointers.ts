/** Members' read pointers (last_read_message_id) in one room, from the messages meta and then
 * read_updated. A message's unread count is the members, sender excluded, whose pointer is below it. */
export class ReadPointers {
  private readonly byUser = new Map<number, number>();

  get known(): boolean {
    return this.byUser.size > 0;
  }

  set(members: ReadonlyArray<{ id: number; last_read_message_id: number }>): void {
    this.byUser.clear();
    for (const m of members) this.byUser.set(m.id, m.last_read_message_id);
  }

  get(userId: number): number | undefined {
    return this.byUser.get(userId);
  }

  /** Pointers only move forward; returns the previous value, or null when nothing moved. */
  advance(userId: number, messageId: number): number | null {
    const old = this.byUser.get(userId);
    if (old === undefined || old >= messageId) return null;
    this.byUser.set(userId, messageId);
    return old;
  }

  unreadFor(messageId: number, senderId: number | null): number {
    let n = 0;
    for (const [userId, last] of this.byUser) if (userId !== senderId && last < messageId) n++;
    return n;
  }
}
