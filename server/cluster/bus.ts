import type { Logger } from '../logger.ts';
import type { RedisLink } from './redis.ts';

/** What one instance tells every other: caches to drop and sessions to cut. (Room events travel
 * through socket.io's adapter, not here.) */
export type ClusterEvent =
  | { kind: 'sessions_ended'; sessions: number[] }
  | { kind: 'user_ended'; userId: number }
  | { kind: 'membership_changed'; users: number[] };

/** The cluster seam for everything that is per-process state: an event published here is handled
 * on this instance at once and on every other instance as soon as the bus carries it. */
export interface ClusterBus {
  /** memory: one process; redis: REDIS_URL; cluster: a worker of this machine's Node cluster
   * primary (server/entry/cluster.ts), relayed over IPC. */
  readonly kind: 'memory' | 'redis' | 'cluster';
  publish(event: ClusterEvent): void;
  subscribe(handler: (event: ClusterEvent) => void): void;
  /** Whether events reach the other instances now (always true in memory). */
  ok(): boolean;
}

/** One instance: events only go to this process's handlers. */
export function memoryBus(): ClusterBus {
  const handlers: ((e: ClusterEvent) => void)[] = [];
  return {
    kind: 'memory',
    publish: (event) => handlers.forEach((h) => h(event)),
    subscribe: (h) => void handlers.push(h),
    ok: () => true,
  };
}

const CHANNEL = 'messenger:bus';
const ints = (v: unknown): v is number[] => Array.isArray(v) && v.every((n) => Number.isSafeInteger(n));

/** Another process wrote this: accept only the shapes above. */
export function parseClusterEvent(raw: unknown): ClusterEvent | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const e = raw as Record<string, unknown>;
  if (e.kind === 'sessions_ended' && ints(e.sessions)) return { kind: e.kind, sessions: e.sessions };
  if (e.kind === 'user_ended' && Number.isSafeInteger(e.userId)) return { kind: e.kind, userId: e.userId as number };
  if (e.kind === 'membership_changed' && ints(e.users)) return { kind: e.kind, users: e.users };
  return null;
}

/** An event another process sent: handed to this process's subscribers if it has a known shape. */
export function deliverRemote(local: ClusterBus, raw: unknown, logger: Logger): void {
  const event = parseClusterEvent(raw);
  if (event) local.publish(event);
  else logger.warn('cluster bus: unknown event ignored');
}

/** Redis pub/sub: handled here at once, and on the others from the channel (our own echo skipped). */
export function redisBus(link: RedisLink, instanceId: string, logger: Logger): ClusterBus {
  const local = memoryBus();
  link.sub.subscribe(CHANNEL).catch((err: Error) => logger.warn('redis subscribe failed', { error: err.message }));
  link.sub.on('message', (channel: string, text: string) => {
    if (channel !== CHANNEL) return;
    let parsed: { from?: unknown; event?: unknown };
    try {
      parsed = JSON.parse(text);
    } catch {
      return;
    }
    if (parsed.from === instanceId) return;
    deliverRemote(local, parsed.event, logger);
  });
  return {
    kind: 'redis',
    publish(event) {
      local.publish(event);
      void link.pub.publish(CHANNEL, JSON.stringify({ from: instanceId, event })).catch(() => {});
    },
    subscribe: local.subscribe,
    ok: link.ok,
  };
}
