import { describe, expect, it } from 'vitest';
import { PresenceLog } from './presence-log.ts';

describe('PresenceLog', () => {
  it('keeps a fetched presence unless an event arrived after the fetch began', () => {
    const log = new PresenceLog();
    const fetched = { id: 7, status: 'offline' as const, last_seen_at: null };
    log.note({ user_id: 7, status: 'online' });
    const mark = log.mark();
    // The event came before the request: the answer is at least as new.
    expect(log.fresh(7, fetched, mark)).toBe(fetched);
    log.note({ user_id: 7, status: 'offline', last_seen_at: '2026-03-20T12:00:00.000Z' });
    log.note({ user_id: 8, status: 'online' });
    expect(log.fresh(7, { ...fetched, status: 'online' }, mark)).toEqual({ id: 7, status: 'offline', last_seen_at: '2026-03-20T12:00:00.000Z' });
    expect(log.fresh(9, fetched, mark)).toBe(fetched);
    // Going online keeps the last time known.
    log.note({ user_id: 7, status: 'online' });
    expect(log.fresh(7, { ...fetched, last_seen_at: '2026-03-20T11:00:00.000Z' }, mark)).toEqual({ id: 7, status: 'online', last_seen_at: '2026-03-20T11:00:00.000Z' });
    log.clear();
    expect(log.fresh(7, fetched, mark)).toBe(fetched);
  });
});
