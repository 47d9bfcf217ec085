// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { Outbox, type OutboxEntry, memoryKV } from './outbox.ts';

const entry = (n: number, over: Partial<OutboxEntry> = {}): OutboxEntry => ({
  client_msg_id: `c${n}`,
  room_id: 1,
  text: `v2:${n}`,
  encrypted: true,
  reply_to: null,
  created_at: '2026-11-26T01:00:00.000Z',
  seq: n,
  attempts: 0,
  state: 'pending',
  ...over,
});

describe('Outbox', () => {
  it('lists one (server, user) scope, oldest first, and survives a new instance over the same store', async () => {
    const kv = memoryKV();
    const mine = new Outbox(kv, { serverUrl: 'http://chat.local:5000/', userId: 7 });
    await mine.put(entry(3, { created_at: '2026-11-26T01:00:01.000Z' }));
    await mine.put(entry(2));
    await mine.put(entry(1));
    await new Outbox(kv, { serverUrl: 'http://chat.local:5000', userId: 8 }).put(entry(9));
    await new Outbox(kv, { serverUrl: 'http://other:5000', userId: 7 }).put(entry(10));

    const again = new Outbox(kv, { serverUrl: 'http://chat.local:5000', userId: 7 });
    expect((await again.list()).map((e) => e.client_msg_id)).toEqual(['c1', 'c2', 'c3']);
    await again.put(entry(2, { state: 'failed', attempts: 8, error: '전송 실패' }));
    await again.remove('c1');
    expect(await again.list()).toEqual([entry(2, { state: 'failed', attempts: 8, error: '전송 실패' }), entry(3, { created_at: '2026-11-26T01:00:01.000Z' })]);
    expect(kv.data.size).toBe(4);
  });

  it('skips values it cannot read', async () => {
    const kv = memoryKV();
    const box = new Outbox(kv, { serverUrl: 'http://s', userId: 1 });
    await box.put(entry(1));
    const key = [...kv.data.keys()][0]!;
    await kv.set(`${key.slice(0, -2)}bad`, { client_msg_id: 'bad' });
    await kv.set(`${key.slice(0, -2)}old`, 'not an object');
    expect((await box.list()).map((e) => e.client_msg_id)).toEqual(['c1']);
  });
});
