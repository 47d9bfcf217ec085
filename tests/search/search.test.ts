import { beforeAll, describe, expect, it } from 'vitest';
import { errorEnvelopeSchema } from '../../protocol/envelope.ts';
import { advancedSearchResponseSchema, searchResponseSchema } from '../../protocol/rest/search.ts';
import { registerAndLogin } from '../helpers/http.ts';
import { createRoomDirect } from '../helpers/rooms.ts';
import { useServer, withServer } from '../helpers/suite.ts';
import { file, setCreatedAt, text } from './fixture.ts';

const env = useServer();
type User = Awaited<ReturnType<typeof registerAndLogin>>;
let alice: User, bob: User, outsider: User;
let room: number, other: number, theirs: number;
const ids: Record<string, number> = {};

beforeAll(async () => {
  [alice, bob, outsider] = await Promise.all([registerAndLogin(env.a), registerAndLogin(env.a), registerAndLogin(env.a)]);
  room = await createRoomDirect(env.t.server, [alice.userId, bob.userId], { type: 'group', name: 'Ops' });
  other = await createRoomDirect(env.t.server, [alice.userId, bob.userId], { type: 'group', name: 'Other' });
  theirs = await createRoomDirect(env.t.server, [outsider.userId, bob.userId], { type: 'group', name: 'Not Alice' });
  ids.budget = await text(env.t, room, bob.userId, 'The quarterly budget review is on Friday');
  ids.korean = await text(env.t, room, bob.userId, '해돋이전망대관리사무소에 연락했습니다');
  ids.cipher = await text(env.t, room, alice.userId, 'v2:c2FsdHNhbHQ=:aXZpdml2:WkFQUEVSY2lwaGVydGV4dA==:aG1hY2htYWM=', true);
  ids.report = await file(env.t, room, alice.userId, 'annual-report-2026.pdf');
  ids.otherRoom = await text(env.t, other, alice.userId, 'budget for the other room');
  ids.secret = await text(env.t, theirs, outsider.userId, 'budget secret only the outsider room has');
});

const get = (u: User | null, qs: string) => env.a.get(`/api/search?${qs}`, u ? { token: u.accessToken } : {});
const adv = (u: User | null, body: unknown) => env.a.post('/api/search/advanced', body, u ? { token: u.accessToken } : {});
const hitIds = (body: unknown) => searchResponseSchema.parse(body).map((m) => m.id);
const advIds = async (u: User, body: unknown) => {
  const res = await adv(u, body);
  expect(res.status).toBe(200);
  return advancedSearchResponseSchema.parse(res.body).messages.map((m) => m.id);
};

describe('access', () => {
  it('refuses anonymous callers on both routes', async () => {
    for (const res of [await get(null, 'q=budget'), await adv(null, { query: 'budget' })]) {
      expect(res.status).toBe(401);
      errorEnvelopeSchema.parse(res.body);
    }
  });

  it("never returns a room the caller is not in, even when asked for it by id", async () => {
    expect(hitIds((await get(alice, 'q=budget')).body).sort()).toEqual([ids.budget, ids.otherRoom].sort());
    expect(await advIds(alice, { query: 'budget', room_id: theirs })).toEqual([]);
    expect(await advIds(alice, { query: 'secret' })).toEqual([]);
    expect(hitIds((await get(outsider, 'q=budget')).body)).toEqual([ids.secret]);
  });

  it('a member of both rooms sees both; the room filter narrows', async () => {
    expect((await advIds(bob, { query: 'budget' })).sort()).toEqual([ids.budget, ids.otherRoom, ids.secret].sort());
    expect(await advIds(bob, { query: 'budget', room_id: String(other) })).toEqual([ids.otherRoom]);
  });
});

describe('matching', () => {
  it('finds a 3-letter infix inside a word, case-insensitively', async () => {
    expect(hitIds((await get(alice, 'q=ARTERL')).body)).toEqual([ids.budget]);
    expect(hitIds((await get(alice, 'q=riday')).body)).toEqual([ids.budget]);
  });

  it('finds Korean infixes of three and two syllables', async () => {
    expect(hitIds((await get(alice, `q=${encodeURIComponent('전망대')}`)).body)).toEqual([ids.korean]);
    expect(hitIds((await get(alice, `q=${encodeURIComponent('관리')}`)).body)).toEqual([ids.korean]);
    expect(hitIds((await get(alice, `q=${encodeURIComponent('관리 연락')}`)).body)).toEqual([ids.korean]);
  });

  it('ANDs the words of a query', async () => {
    expect(await advIds(alice, { query: 'budget Friday' })).toEqual([ids.budget]);
    expect(await advIds(alice, { query: 'budget Monday' })).toEqual([]);
  });

  it('finds file names by infix, and file_only keeps files', async () => {
    expect(hitIds((await get(alice, 'q=port-20')).body)).toEqual([ids.report]);
    expect(await advIds(alice, { query: 'annual', file_only: 'yes' })).toEqual([ids.report]);
    expect(await advIds(alice, { query: 'budget', file_only: true })).toEqual([]);
    expect(await advIds(alice, { file_only: true })).toEqual([ids.report]);
  });

  it('never matches ciphertext, and never indexes it', async () => {
    for (const q of ['WkFQUEVS', 'aXZpdml2', 'v2:', 'cGhlcnRleHQ']) expect(await advIds(alice, { query: q })).toEqual([]);
    const indexed = await env.t.server.db.execute({ sql: 'SELECT rowid FROM messages_fts WHERE rowid = ?', args: [ids.cipher!] });
    expect(indexed.rows).toHaveLength(0);
    const plain = await env.t.server.db.execute({ sql: 'SELECT rowid FROM messages_fts WHERE rowid = ?', args: [ids.budget!] });
    expect(plain.rows).toHaveLength(1);
  });

  it('follows edits and deletes', async () => {
    const id = await text(env.t, room, alice.userId, 'xylophone practice');
    expect(await advIds(alice, { query: 'ylophon' })).toEqual([id]);
    expect((await env.a.put(`/api/messages/${id}`, { content: 'zither practice' }, { token: alice.accessToken })).status).toBe(200);
    expect(await advIds(alice, { query: 'ylophon' })).toEqual([]);
    expect(await advIds(alice, { query: 'zither' })).toEqual([id]);
    expect((await env.a.del(`/api/messages/${id}`, undefined, { token: alice.accessToken })).status).toBe(200);
    expect(await advIds(alice, { query: 'zither' })).toEqual([]);
  });

  it('ranks by relevance, then newest first', async () => {
    const older = await text(env.t, other, alice.userId, 'walrus');
    const newer = await text(env.t, other, alice.userId, 'walrus');
    const weak = await text(env.t, other, alice.userId, 'a long message that mentions a walrus once among many other words of no interest');
    expect(await advIds(alice, { query: 'walrus' })).toEqual([newer, older, weak]);
  });
});

describe('filters and paging', () => {
  it('includes the whole of date_to and date_from (UTC days)', async () => {
    const [before, first, last, after] = await Promise.all(['jubilee a', 'jubilee b', 'jubilee c', 'jubilee d'].map((c) => text(env.t, room, bob.userId, c)));
    await setCreatedAt(env.t, before!, '2026-03-09T23:59:59.999Z');
    await setCreatedAt(env.t, first!, '2026-03-10T00:00:00.000Z');
    await setCreatedAt(env.t, last!, '2026-03-11T23:59:59.999Z');
    await setCreatedAt(env.t, after!, '2026-03-12T00:00:00.000Z');
    const found = await advIds(alice, { query: 'jubilee', date_from: '2026-03-10', date_to: '2026-03-11' });
    expect(found.sort()).toEqual([first, last].sort());
    expect(await advIds(alice, { query: 'jubilee', date_from: '2026-03-10', date_to: '2026-03-10' })).toEqual([first]);
    expect(hitIds((await get(alice, 'q=jubilee&date_from=2026-03-12')).body)).toEqual([after]);
    expect(hitIds((await get(alice, 'date_from=2026-03-11&date_to=2026-03-11')).body)).toEqual([last]);
  });

  it('filters by sender', async () => {
    expect(await advIds(alice, { query: 'budget', sender_id: bob.userId })).toEqual([ids.budget]);
    expect(await advIds(alice, { query: 'budget', sender_id: alice.userId })).toEqual([ids.otherRoom]);
  });

  it('pages with total and has_more', async () => {
    const written = [];
    for (let i = 0; i < 5; i++) written.push(await text(env.t, other, bob.userId, `pagination marker ${i}`));
    const first = advancedSearchResponseSchema.parse((await adv(alice, { query: 'marker', limit: 2 })).body);
    expect(first).toMatchObject({ total: 5, offset: 0, limit: 2, has_more: true, note: '암호화된 메시지는 서버 검색에서 제외됩니다.' });
    expect(first.messages.map((m) => m.id)).toEqual([written[4], written[3]]);
    const last = advancedSearchResponseSchema.parse((await adv(alice, { query: 'marker', limit: 2, offset: 4 })).body);
    expect(last).toMatchObject({ total: 5, offset: 4, has_more: false });
    expect(last.messages.map((m) => m.id)).toEqual([written[0]]);
    expect(last.messages[0]).toMatchObject({ room_name: 'Other', sender_name: `Nick ${bob.username}`, content: 'pagination marker 0', encrypted: 0 });
  });

  it('finds nothing for a 1-character query or an empty search (origin)', async () => {
    expect((await get(alice, 'q=b')).body).toEqual([]);
    expect((await get(alice, '')).body).toEqual([]);
    expect(advancedSearchResponseSchema.parse((await adv(alice, {})).body)).toMatchObject({ messages: [], total: 0 });
  });

  it('refuses invalid payloads with the documented codes', async () => {
    const cases: [unknown, string][] = [
      [{ query: ['x'] }, 'SEARCH_QUERY_NOT_STRING'],
      [{ room_id: 0 }, 'SEARCH_ROOM_ID_NOT_POSITIVE'],
      [{ date_from: '2026/02/27' }, 'SEARCH_DATE_FROM_INVALID'],
      [{ date_from: '2026-03-02', date_to: '2026-03-01' }, 'SEARCH_DATE_RANGE_INVALID'],
      [{ limit: 'x' }, 'SEARCH_LIMIT_OFFSET_NOT_INT'],
    ];
    for (const [body, code] of cases) {
      const res = await adv(alice, body);
      expect({ status: res.status, code: res.body.error_code }).toEqual({ status: 400, code });
    }
    expect((await get(alice, 'q=budget&date_to=2026-13-01')).body.error_code).toBe('SEARCH_DATE_TO_INVALID');
  });
});

describe('hostile queries', () => {
  const nasty = [
    '"', '""', '"budget', 'budget"', "'", '*', 'bud*', '**', 'NEAR(budget review)', 'NEAR(', ')', '((', 'budget)', '(budget',
    'AND', 'OR', 'NOT', 'budget AND', 'OR budget', 'NOT NOT', 'budget NOT review', '%', '%%', '_', '__', '\\', '%_\\',
    'body:budget', '^budget', '-budget', '+budget', '{budget}', '[x]', ':', 'a:b', 'col*', '\u0000budget', '😀😀', '😀',
    'x'.repeat(200), '" OR 1=1 --', "'; DROP TABLE messages; --",
  ];
  it('never answers 5xx and treats every character as text', async () => {
    for (const q of nasty) {
      const a = await adv(alice, { query: q });
      expect([q, a.status]).toEqual([q, 200]);
      const g = await get(alice, `q=${encodeURIComponent(q)}`);
      expect([q, g.status]).toEqual([q, 200]);
    }
    const literal = await text(env.t, room, bob.userId, 'discount 50%_off "quoted" NEAR(now) a*b');
    expect(await advIds(alice, { query: '50%_' })).toEqual([literal]);
    expect(await advIds(alice, { query: '%_' })).toEqual([literal]);
    expect(await advIds(alice, { query: '"quoted"' })).toEqual([literal]);
    expect(await advIds(alice, { query: 'NEAR(now)' })).toEqual([literal]);
    expect(await advIds(alice, { query: 'a*b' })).toEqual([literal]);
    expect(await advIds(alice, { query: '%' })).toEqual([]);
  });
});

describe('rate limit', () => {
  it('allows 30 searches a minute, then 429 with the envelope', async () => {
    await withServer({ env: { RATE_LIMIT_ENABLED: 'true' } }, async (s) => {
      const { api } = await import('../helpers/http.ts');
      const a = api(s.url);
      const u = await registerAndLogin(a);
      for (let i = 0; i < 30; i++) {
        const res = i % 2 ? await a.get('/api/search?q=hello', { token: u.accessToken }) : await a.post('/api/search/advanced', { query: 'hello' }, { token: u.accessToken });
        expect(res.status).toBe(200);
      }
      const res = await a.post('/api/search/advanced', { query: 'hello' }, { token: u.accessToken });
      expect(res.status).toBe(429);
      expect(res.body.error_code).toBe('RATE_LIMITED');
    });
  });
});

describe('paging past the end', () => {
  it('still answers the total', async () => {
    const res = advancedSearchResponseSchema.parse((await adv(alice, { query: 'budget', offset: 50 })).body);
    expect(res).toMatchObject({ messages: [], total: 2, offset: 50, has_more: false });
  });
});
