import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import type { Redis } from 'ioredis';
import { RedisRateLimitStore, createRateLimitStore } from '../ratelimit/store.ts';
import { type ClusterEvent, memoryBus, parseClusterEvent } from './bus.ts';

describe('the cluster bus', () => {
  it('in memory, delivers each event to every handler of this process, at once', () => {
    const bus = memoryBus();
    const a: ClusterEvent[] = [];
    const b: ClusterEvent[] = [];
    bus.subscribe((e) => a.push(e));
    bus.subscribe((e) => b.push(e));
    bus.publish({ kind: 'sessions_ended', sessions: [3, 4] });
    expect(a).toEqual([{ kind: 'sessions_ended', sessions: [3, 4] }]);
    expect(b).toEqual(a);
    expect(bus.ok()).toBe(true);
  });

  it('accepts only the known shapes from other processes', () => {
    expect(parseClusterEvent({ kind: 'user_ended', userId: 7 })).toEqual({ kind: 'user_ended', userId: 7 });
    expect(parseClusterEvent({ kind: 'membership_changed', users: [1, 2], extra: 'x' })).toEqual({ kind: 'membership_changed', users: [1, 2] });
    for (const junk of [null, 'x', 42, {}, { kind: 'sessions_ended', sessions: ['1'] }, { kind: 'sessions_ended', sessions: [1.5] }, { kind: 'user_ended', userId: '7' }, { kind: 'drop_all' }, { kind: 'membership_changed', users: 'all' }]) {
      expect(parseClusterEvent(junk)).toBeNull();
    }
  });

  it('REDIS_URL is a redis:// URL or nothing; the rate-limit store follows it', async () => {
    expect(loadConfig({}).redisUrl).toBe('');
    expect(loadConfig({ REDIS_URL: 'redis://10.0.0.5:6379' }).redisUrl).toBe('redis://10.0.0.5:6379');
    expect(() => loadConfig({ REDIS_URL: 'http://10.0.0.5:6379' })).toThrow(/REDIS_URL/);
    const memory = createRateLimitStore('memory://');
    expect(memory.uri).toBe('memory://');
    await memory.close();
    expect(() => createRateLimitStore('mongodb://x')).toThrow(/RATE_LIMIT_STORAGE_URI/);
    // Health shows the store's URI: never a password.
    expect(new RedisRateLimitStore('redis://user:s3cret@10.0.0.5:6379/0', {} as Redis, false).uri).toBe('redis://10.0.0.5:6379/0');
  });
});
