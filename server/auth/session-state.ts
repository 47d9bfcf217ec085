interface Entry {
  userId: number;
  live: boolean;
  /** Until when the cached answer may be used (ms). */
  freshUntil: number;
}

export type SessionLookup = (sessionId: number) => Promise<{ userId: number; live: boolean } | null>;

/** Answers "is this device session still live?" for every request and socket, without a query
 * each time. Revocation invalidates the entry at once (and, with several instances, through the
 * invalidation bus); the short TTL bounds staleness if a message is ever missed. */
export class SessionStateCache {
  private entries = new Map<number, Entry>();

  constructor(
    private readonly lookup: SessionLookup,
    private readonly ttlMs = 10_000,
    private readonly maxEntries = 50_000,
  ) {}

  async isLive(sessionId: number, userId: number): Promise<boolean> {
    const cached = this.entries.get(sessionId);
    if (cached && cached.freshUntil > Date.now()) return cached.live && cached.userId === userId;
    const state = await this.lookup(sessionId);
    const entry: Entry = { userId: state?.userId ?? 0, live: state?.live ?? false, freshUntil: Date.now() + this.ttlMs };
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(sessionId, entry);
    return entry.live && entry.userId === userId;
  }

  invalidate(sessionIds: Iterable<number>): void {
    for (const id of sessionIds) this.entries.delete(id);
  }

  invalidateUser(userId: number): void {
    for (const [id, e] of this.entries) if (e.userId === userId) this.entries.delete(id);
  }
}
