import { describe, expect, it } from 'vitest';
import { roomCreateResponseSchema } from '../../protocol/rest/rooms.ts';
import { useServer } from '../helpers/suite.ts';
import { as, barrier, connect, createRoom, events, expectError, user, waitFor } from './fixtures.ts';

const env = useServer();

const roomRow = async (id: number) =>
  (await env.t.server.db.execute({ sql: 'SELECT * FROM rooms WHERE id = ?', args: [id] })).rows[0]!;
const memberRows = async (id: number) =>
  (await env.t.server.db.execute({ sql: 'SELECT user_id, role FROM room_members WHERE room_id = ? ORDER BY user_id', args: [id] }))
    .rows.map((r) => ({ user_id: Number(r.user_id), role: String(r.role) }));

describe('POST /api/rooms', () => {
  it('creates a group with members (test_create_room_with_members_payload): creator admin, others member', async () => {
    const [a, b, c] = [await user(env), await user(env), await user(env)];
    const res = await env.a.post('/api/rooms', { name: '  팀 회의 ', members: [b.userId, c.userId] }, as(a));
    expect(res.status).toBe(200);
    const body = roomCreateResponseSchema.parse(res.body);
    const row = await roomRow(body.room_id);
    expect(row.type).toBe('group');
    expect(row.name).toBe('팀 회의');
    expect(Number(row.created_by)).toBe(a.userId);
    // The room key is generated and stored wrapped, never raw.
    expect(String(row.encryption_key)).toMatch(/^g1:/);
    expect(await memberRows(body.room_id)).toEqual(
      [
        { user_id: a.userId, role: 'admin' },
        { user_id: b.userId, role: 'member' },
        { user_id: c.userId, role: 'member' },
      ].sort((x, y) => x.user_id - y.user_id),
    );
  });

  it('accepts the member_ids alias, and members wins over it (test_rooms_member_ids_compat)', async () => {
    const [a, b, c] = [await user(env), await user(env), await user(env)];
    const alias = await env.a.post('/api/rooms', { member_ids: [b.userId, c.userId] }, as(a));
    expect(alias.status).toBe(200);
    expect(typeof alias.body.room_id).toBe('number');
    expect((await memberRows(alias.body.room_id)).map((m) => m.user_id)).toContain(c.userId);

    const both = await env.a.post('/api/rooms', { members: [b.userId], member_ids: [c.userId] }, as(a));
    const ids = (await memberRows(both.body.room_id)).map((m) => m.user_id);
    expect(ids).toContain(b.userId);
    expect(ids).not.toContain(c.userId);
  });

  it('drops unknown ids silently and always adds the creator; a room of one is a group', async () => {
    const [a, b] = [await user(env), await user(env)];
    const id = await env.a.post('/api/rooms', { members: [999_999, b.userId, a.userId, b.userId] }, as(a));
    // creator + b = exactly two → direct
    expect((await roomRow(id.body.room_id)).type).toBe('direct');
    const solo = await env.a.post('/api/rooms', { member_ids: [] }, as(a));
    expect(solo.status).toBe(200);
    expect((await roomRow(solo.body.room_id)).type).toBe('group');
    expect((await memberRows(solo.body.room_id)).map((m) => m.user_id)).toEqual([a.userId]);
    const ghosts = await env.a.post('/api/rooms', { members: [999_998, 999_997] }, as(a));
    expect((await memberRows(ghosts.body.room_id)).map((m) => m.user_id)).toEqual([a.userId]);
  });

  it('refuses bad bodies with their codes', async () => {
    const a = await user(env);
    expectError(await env.a.post('/api/rooms', { members: 5 }, as(a)), 400, 'ROOM_MEMBERS_NOT_LIST');
    expectError(await env.a.post('/api/rooms', { members: ['2'] }, as(a)), 400, 'ROOM_MEMBER_ID_NOT_INT');
    expectError(await env.a.post('/api/rooms', { name: 'x'.repeat(51) }, as(a)), 400, 'ROOM_NAME_TOO_LONG');
    expectError(await env.a.post('/api/rooms', undefined, { ...as(a), headers: { 'content-type': 'application/json' }, rawBody: '{' }), 400, 'REQUEST_INVALID_FORMAT');
    expectError(await env.a.post('/api/rooms', { members: [] }), 401, 'AUTH_LOGIN_REQUIRED');
    expectError(await env.a.get('/api/rooms'), 401, 'AUTH_LOGIN_REQUIRED');
  });
});

describe('direct rooms', () => {
  it('returns the existing direct room of the same two users, in either direction', async () => {
    const [a, b, c] = [await user(env), await user(env), await user(env)];
    const first = await createRoom(env, a, [b]);
    expect(await createRoom(env, a, [b])).toBe(first);
    expect(await createRoom(env, b, [a])).toBe(first);
    expect(await createRoom(env, a, [c])).not.toBe(first);
  });

  it('concurrent creates of the same pair make one room', async () => {
    const [a, b] = [await user(env), await user(env)];
    const ids = await Promise.all([createRoom(env, a, [b]), createRoom(env, b, [a]), createRoom(env, a, [b])]);
    expect(new Set(ids).size).toBe(1);
  });

  it('does not dedupe onto a direct room that no longer holds exactly those two', async () => {
    const [a, b, c] = [await user(env), await user(env), await user(env)];
    const first = await createRoom(env, a, [b]);
    // Invites into direct rooms are refused now, so a third member can only come from older data.
    await env.t.server.db.execute({ sql: "INSERT INTO room_members (room_id, user_id) VALUES (?, ?)", args: [first, c.userId] });
    const second = await createRoom(env, a, [b]);
    expect(second).not.toBe(first);
    // After b leaves the second one, a new pair room is made again.
    expect((await env.a.post(`/api/rooms/${second}/leave`, {}, as(b))).status).toBe(200);
    const third = await createRoom(env, a, [b]);
    expect([first, second]).not.toContain(third);
  });

  it('emits room_created to every member (dedupe path too), not to others, and joins their sockets', async () => {
    const [a, b, outsider] = [await user(env), await user(env), await user(env)];
    const [sa, sb, so] = [await connect(env, a), await connect(env, b), await connect(env, outsider)];
    const roomId = await createRoom(env, a, [b]);
    for (const s of [sa, sb]) {
      expect(await waitFor(s, 'room_updated', (p) => p.room_id === roomId)).toEqual({ room_id: roomId, action: 'room_created', by_user_id: a.userId });
    }
    // The sockets are in the room at once: a message reaches both without re-subscribing.
    const msg = await env.t.server.writer.write({ roomId, senderId: a.userId, content: 'hi', encrypted: false, type: 'text' });
    env.t.server.broadcast.emit({ rooms: [roomId] }, 'new_message', msg.view);
    await waitFor(sb, 'new_message', (p) => p.id === msg.view.id);

    sb.log.length = 0;
    expect(await createRoom(env, b, [a])).toBe(roomId);
    expect(await waitFor(sa, 'room_updated', (p) => p.room_id === roomId && p.by_user_id === b.userId)).toMatchObject({ action: 'room_created' });
    await waitFor(sb, 'room_updated', (p) => p.room_id === roomId && p.by_user_id === b.userId);

    await barrier(env, outsider, so);
    expect(events(so, 'room_updated', (p) => p.room_id === roomId)).toEqual([]);
    expect(events(so, 'new_message')).toEqual([]);
  });
});
