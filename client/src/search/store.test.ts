import { describe, expect, it, vi } from 'vitest';
import type { Api } from '../net/api.ts';
import type { ChatItem } from '../stores.ts';
import { DeviceIndex, memoryIndexStore } from './device-index.ts';
import { Search } from './store.ts';

const item = (id: number, text: string, roomId = 1): ChatItem =>
  ({ id, roomId, text, senderName: 'Kim', createdAt: `2026-01-01T00:00:0${id % 10}.000Z`, deleted: false }) as ChatItem;

const serverHit = (id: number, content: string) => ({
  id, room_id: 1, sender_id: 2, content, encrypted: 0 as const, message_type: 'text' as const, file_path: null, file_name: null,
  client_msg_id: null, reply_to: null, created_at: '2026-01-01T00:00:00.000Z', edited_at: null, room_name: 'R', sender_name: 'Lee',
});

function setup(hits = [serverHit(5, 'budget plan')], currentRoom: number | null = null) {
  const device = new DeviceIndex(memoryIndexStore());
  const call = vi.fn(async () => ({ messages: hits, total: hits.length, offset: 0, limit: 50, has_more: false }));
  let now = 0;
  const search = new Search({ api: { call } as unknown as Api, device: () => device, inRoom: (id) => id !== 9, currentRoom: () => currentRoom, debounceMs: 300, cacheMs: 5000, now: () => now });
  return { device, call, search, advance: (ms: number) => (now += ms) };
}

describe('device index', () => {
  it('finds decrypted text by infix, any case, every word required, newest first; forgets deleted and wiped', async () => {
    const device = new DeviceIndex(memoryIndexStore());
    device.add([item(1, '해돋이전망대관리사무소 Budget'), item(2, 'BUDGET review'), item(3, 'lunch')]);
    expect((await device.search('udge', 10)).map((m) => m.id)).toEqual([2, 1]);
    expect((await device.search('관리 budget', 10)).map((m) => m.id)).toEqual([1]);
    device.remove(2);
    expect((await device.search('budget', 10)).map((m) => m.id)).toEqual([1]);
    await device.wipe();
    expect(await device.search('budget', 10)).toEqual([]);
  });
});

describe('search store', () => {
  it('debounces typing (300 ms): only the last query is sent', async () => {
    vi.useFakeTimers();
    try {
      const { call, search } = setup();
      search.input('bu');
      search.input('bud');
      search.input('budg');
      await vi.advanceTimersByTimeAsync(299);
      expect(call).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(1);
      expect(call).toHaveBeenCalledTimes(1);
      expect(call.mock.calls[0]).toMatchObject(['POST /api/search/advanced', { body: { query: 'budg', limit: 50 } }]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('merges server and device hits (one line per message, newest first), leaving out rooms I left', async () => {
    const { device, search } = setup([serverHit(5, 'budget plan'), serverHit(7, 'budget again')]);
    device.add([item(6, 'secret budget'), item(7, 'budget again'), item(8, 'old room budget', 9)]);
    await search.run('budget');
    expect(search.results.value!.map((r) => [r.id, r.source])).toEqual([[7, 'server'], [6, 'device'], [5, 'server']]);
  });

  it('reuses an answer for 5 s (case-insensitive key), then asks again', async () => {
    const { call, search, advance } = setup();
    await search.run('Budget');
    await search.run('budget');
    expect(call).toHaveBeenCalledTimes(1);
    advance(5000);
    await search.run('budget');
    expect(call).toHaveBeenCalledTimes(2);
  });

  it('still shows device hits when the server refuses (rate limit)', async () => {
    const { device, call, search } = setup();
    call.mockRejectedValueOnce(new Error('Too many requests'));
    device.add([item(6, 'secret budget')]);
    await search.run('budget');
    expect(search.results.value!.map((r) => r.id)).toEqual([6]);
    expect(search.error.value).toBe('Too many requests');
  });

  it('"this room only" asks the server for the open room, keeps only its device hits, and searches again at once', async () => {
    const { device, call, search } = setup([serverHit(5, 'budget plan')], 1);
    device.add([item(6, 'secret budget', 1), item(8, 'other room budget', 2)]);
    search.input('budget');
    await search.run('budget');
    expect(search.results.value!.map((r) => r.id)).toEqual([8, 6, 5]);
    search.setRoomOnly(true);
    await vi.waitFor(() => expect(call).toHaveBeenCalledTimes(2));
    expect(call.mock.calls[1]).toMatchObject(['POST /api/search/advanced', { body: { query: 'budget', room_id: 1 } }]);
    await vi.waitFor(() => expect(search.results.value!.map((r) => r.id)).toEqual([6, 5]));
    // Each scope has its own cached answer.
    search.setRoomOnly(false);
    await vi.waitFor(() => expect(search.results.value!.map((r) => r.id)).toEqual([8, 6, 5]));
    expect(call).toHaveBeenCalledTimes(2);
    expect(call.mock.calls[0]).toMatchObject(['POST /api/search/advanced', { body: { room_id: null } }]);
  });

  it('searches nothing under 2 characters', () => {
    const { call, search } = setup();
    search.input('b');
    expect(search.results.value).toBeNull();
    expect(call).not.toHaveBeenCalled();
  });
});
