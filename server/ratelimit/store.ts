/** The rate-limit store is one of the scale-out seams: memory in one process, Redis later. */
export interface RateLimitStore {
  readonly uri: string;
  /** Count one hit on `key` in a fixed window; returns the count so far and when the window ends. */
  hit(key: string, windowMs: number): Promise<{ count: number; resetAt: number }>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export class MemoryRateLimitStore implements RateLimitStore {
  readonly uri = 'memory://';
  private windows = new Map<string, { count: number; resetAt: number }>();
  private sweeper: ReturnType<typeof setInterval>;

  constructor(sweepMs = 60_000) {
    this.sweeper = setInterval(() => this.sweep(), sweepMs);
    this.sweeper.unref?.();
  }

  async hit(key: string, windowMs: number): Promise<{ count: number; resetAt: number }> {
    const now = Date.now();
    let w = this.windows.get(key);
    if (!w || w.resetAt <= now) {
      w = { count: 0, resetAt: now + windowMs };
      this.windows.set(key, w);
    }
    w.count += 1;
    return { count: w.count, resetAt: w.resetAt };
  }

  async ping(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    this.windows.clear();
  }

  private sweep(): void {
    const now = Date.now();
    for (const [key, w] of this.windows) if (w.resetAt <= now) this.windows.delete(key);
  }
}

export function createRateLimitStore(uri: string): RateLimitStore {
  if (uri === 'memory://' || uri === 'memory') return new MemoryRateLimitStore();
  throw new Error(`RATE_LIMIT_STORAGE_URI: unsupported store "${uri}" (memory:// is built in; redis:// comes with scale-out)`);
}
