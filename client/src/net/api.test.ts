import { afterEach, describe, expect, it, vi } from 'vitest';
import { Api, ApiError } from './api.ts';
import type { Realtime } from './realtime.ts';

afterEach(() => {
  vi.unstubAllGlobals();
});

/** A fetch that answers `status` with `body` and records what was asked. */
function stubFetch(status: number, body: unknown) {
  const fetch = vi.fn(async (_url: string, _init: RequestInit) => new Response(JSON.stringify(body), { status }));
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

describe('Api.call', () => {
  it('fills the path and writes the query: numbers in decimal, booleans as 1/0, undefined left out', async () => {
    const fetch = stubFetch(200, { messages: [] });
    const api = new Api('http://server');
    await api.call('GET /api/rooms/:id/messages', { params: { id: 7 }, query: { before_id: 3, after_id: undefined, limit: 50, include_meta: false } });
    await api.call('GET /api/rooms/:id/messages', { params: { id: 7 }, query: { limit: 1, include_meta: true } });
    await api.call('GET /api/users');
    expect(fetch.mock.calls.map(([url, init]) => [init.method, url, init.body])).toEqual([
      ['GET', 'http://server/api/rooms/7/messages?before_id=3&limit=50&include_meta=0', undefined],
      ['GET', 'http://server/api/rooms/7/messages?limit=1&include_meta=1', undefined],
      ['GET', 'http://server/api/users', undefined],
    ]);
  });

  it('sends the body as JSON with the route’s method', async () => {
    const fetch = stubFetch(200, { success: true });
    await new Api('http://server').call('POST /api/rooms/:id/mute', { params: { id: 2 }, body: { muted: true } });
    const [url, init] = fetch.mock.calls[0]!;
    expect([init.method, url, init.body]).toEqual(['POST', 'http://server/api/rooms/2/mute', '{"muted":true}']);
    expect(init.headers).toMatchObject({ 'Content-Type': 'application/json' });
  });

  it('turns the error envelope into an ApiError with its code', async () => {
    stubFetch(403, { error: '권한 없음', error_code: 'ROOM_ACCESS_DENIED', error_localized: 'No access', locale: 'en-US' });
    const err = await new Api('http://server').call('GET /api/rooms/:id/info', { params: { id: 1 } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 403, code: 'ROOM_ACCESS_DENIED', message: 'No access', isNetwork: false });
  });
});

// Never run: `npm run typecheck` checks that the contract of protocol/ reaches every call (a field
// the route or event does not have, or a missing parameter, does not compile).
export function contractChecks(api: Api, realtime: Realtime) {
  // @ts-expect-error `mute` is not a field of the body
  void api.call('POST /api/rooms/:id/mute', { params: { id: 1 }, body: { mute: true } });
  // @ts-expect-error the route has an :id parameter
  void api.call('GET /api/rooms/:id/info');
  // @ts-expect-error `limits` is not a query parameter
  void api.call('GET /api/rooms/:id/messages', { params: { id: 1 }, query: { limits: 5 } });
  // @ts-expect-error `room` is not a field of the payload
  void realtime.emitAck('message_read', { room: 1, message_id: 2 });
  void realtime.emitAck('send_message', { room_id: 1, content: 'hi', client_msg_id: 'x' }).then((ack) => {
    // @ts-expect-error the ACK has message_id only when ok
    void ack.message_id;
  });
}
