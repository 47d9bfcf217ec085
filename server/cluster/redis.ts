import type { Redis } from 'ioredis';
import type { Logger } from '../logger.ts';

type RedisModules = { Redis: typeof Redis; createAdapter: typeof import('@socket.io/redis-adapter').createAdapter };
let modules: RedisModules | null = null;
const notLoaded = (): never => {
  throw new Error('ioredis is loaded only when a redis:// URL is configured');
};

/** ioredis and socket.io's Redis adapter, loaded only when one of `urls` (REDIS_URL,
 * RATE_LIMIT_STORAGE_URI) is a redis:// URL: a lone instance does not need their ~6 MiB resident
 * (docs/operations.md, "Memory"). Call before connectRedis. */
export async function loadRedis(...urls: string[]): Promise<RedisModules> {
  if (!modules && urls.some((u) => /^rediss?:\/\//.test(u))) {
    const [ioredis, adapter] = await Promise.all([import('ioredis'), import('@socket.io/redis-adapter')]);
    modules = { Redis: ioredis.Redis, createAdapter: adapter.createAdapter };
  }
  return modules ?? { Redis: notLoaded as unknown as typeof Redis, createAdapter: notLoaded };
}

/** The two Redis connections an instance keeps: one to publish and run commands (rate limits),
 * one subscribed (the bus and socket.io's adapter share it). While Redis is away commands wait in
 * ioredis's offline queue, never rejected (the socket.io adapter does not catch its publishes),
 * and both reconnect on their own when it returns. */
export interface RedisLink {
  pub: Redis;
  sub: Redis;
  /** Both connections are up now. */
  ok(): boolean;
  close(): Promise<void>;
}

export function connectRedis(url: string, logger: Logger): RedisLink {
  if (!modules) throw new Error('connectRedis: loadRedis(url) first');
  const pub = new modules.Redis(url, { maxRetriesPerRequest: null, retryStrategy: (times) => Math.min(times * 100, 1000) });
  const sub = pub.duplicate();
  let wasDown = false;
  for (const [name, client] of [['pub', pub], ['sub', sub]] as const) {
    // Logged once per outage, not at every retry.
    client.on('error', (err: Error) => {
      if (!wasDown) logger.warn('redis unreachable: serving this instance\'s own clients until it returns', { connection: name, error: err.message });
      wasDown = true;
    });
    client.on('ready', () => {
      if (wasDown && pub.status === 'ready' && sub.status === 'ready') {
        wasDown = false;
        logger.info('redis is back');
      }
    });
  }
  return {
    pub,
    sub,
    ok: () => pub.status === 'ready' && sub.status === 'ready',
    async close() {
      await Promise.allSettled([pub.quit(), sub.quit()]);
      pub.disconnect();
      sub.disconnect();
    },
  };
}
