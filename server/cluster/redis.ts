import { Redis } from 'ioredis';
import type { Logger } from '../logger.ts';

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
  const pub = new Redis(url, { maxRetriesPerRequest: null, retryStrategy: (times) => Math.min(times * 100, 1000) });
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
