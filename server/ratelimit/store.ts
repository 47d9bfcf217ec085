import type { Redis } from 'ioredis';
import { RateLimiterCluster, RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';

/** The rate-limit store is one of the scale-out seams: memory in one process, Redis shared by a cluster. */
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

/** Counts shared by every instance (rate-limiter-flexible on Redis). While Redis is down each
 * instance counts in memory (the library's insurance limiter) rather than refusing or waiting. */
export class RedisRateLimitStore implements RateLimitStore {
  private limiters = new Map<number, RateLimiterRedis>();
  /** Shown by health: without the password a redis://user:pass@host URL may carry. */
  readonly uri: string;

  constructor(
    uri: string,
    private readonly client: Redis,
    private readonly ownsClient: boolean,
  ) {
    this.uri = uri.replace(/\/\/[^@/]*@/, '//');
  }

  async hit(key: string, windowMs: number): Promise<{ count: number; resetAt: number }> {
    const res = await this.limiter(windowMs).consume(key, 1);
    return { count: res.consumedPoints, resetAt: Date.now() + res.msBeforeNext };
  }

  async ping(): Promise<boolean> {
    return this.client.status === 'ready';
  }

  async close(): Promise<void> {
    if (this.ownsClient) await this.client.quit().catch(() => this.client.disconnect());
  }

  /** One limiter per window length; `points` is never reached: the middleware compares counts. */
  private limiter(windowMs: number): RateLimiterRedis {
    const duration = Math.max(1, Math.ceil(windowMs / 1000));
    let limiter = this.limiters.get(duration);
    if (!limiter) {
      const opts = { points: Number.MAX_SAFE_INTEGER, duration, keyPrefix: 'messenger:rl' };
      limiter = new RateLimiterRedis({ ...opts, storeClient: this.client, rejectIfRedisNotReady: true, insuranceLimiter: new RateLimiterMemory(opts) });
      this.limiters.set(duration, limiter);
    }
    return limiter;
  }
}

/** A worker of the Node cluster primary (server/entry/cluster.ts): the counts live in the
 * primary's memory (rate-limiter-flexible's RateLimiterClusterMaster), shared by every worker. */
export class ClusterRateLimitStore implements RateLimitStore {
  readonly uri = 'memory://primary';
  private limiters = new Map<number, RateLimiterCluster>();

  async hit(key: string, windowMs: number): Promise<{ count: number; resetAt: number }> {
    const res = await this.limiter(windowMs).consume(key, 1);
    return { count: res.consumedPoints, resetAt: Date.now() + res.msBeforeNext };
  }

  async ping(): Promise<boolean> {
    return process.connected;
  }

  async close(): Promise<void> {}

  /** One limiter per window length, as in the Redis store. */
  private limiter(windowMs: number): RateLimiterCluster {
    const duration = Math.max(1, Math.ceil(windowMs / 1000));
    let limiter = this.limiters.get(duration);
    if (!limiter) {
      limiter = new RateLimiterCluster({ points: Number.MAX_SAFE_INTEGER, duration, keyPrefix: `messenger:rl:${duration}`, timeoutMs: 3000 });
      this.limiters.set(duration, limiter);
    }
    return limiter;
  }
}

/** memory:// (default; in a cluster worker, the primary's memory), or redis://: the cluster's connection when REDIS_URL names the same
 * server, otherwise a connection of its own. */
export function createRateLimitStore(
  uri: string,
  cluster?: { url: string; client: Redis },
  connect?: (url: string) => Redis,
  /** This process is a worker of the Node cluster primary: memory:// means the primary's. */
  clusterWorker = false,
): RateLimitStore {
  if (cluster && (uri === 'memory://' || uri === 'memory' || uri === cluster.url)) return new RedisRateLimitStore(cluster.url, cluster.client, false);
  if (uri === 'memory://' || uri === 'memory') return clusterWorker ? new ClusterRateLimitStore() : new MemoryRateLimitStore();
  if (/^rediss?:\/\//.test(uri) && connect) return new RedisRateLimitStore(uri, connect(uri), true);
  throw new Error(`RATE_LIMIT_STORAGE_URI: unsupported store "${uri}" (memory:// or redis://host:port)`);
}
