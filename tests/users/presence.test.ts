import { describe, expect, it } from 'vitest';
import { userStatusEventSchema } from '../../protocol/events/server.ts';
import { roomInfoResponseSchema, roomListResponseSchema } from '../../protocol/rest/rooms.ts';
import { api, registerAndLogin } from '../helpers/http.ts';
import { startTestServer } from '../helpers/server.ts';
import { connectSocket, nextEvent, roundTrip } from '../helpers/socket.ts';
import { useServer, withServer } from '../helpers/suite.ts';
import { as, connect, createRoom, expectError, user } from '../rooms/fixtures.ts';

/** last_seen_at (new): when a user's last socket went away, stored on users and shown wherever
 * presence is (room list partner, room members, the offline user_status event); and the member
 * profile fields of room info. */

const env = useServer();
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const lastSeen = async (userId: number) =>
  (await env.t.server.db.execute({ sql: 'SELECT last_seen_at FROM users WHERE id = ?', args: [userId] })).rows[0]!.last_seen_at as string | null;

describe('last_seen_at', () => {
  it('is set when the last of two sockets closes, not when the first one does', async () => {
    const [alice, bob] = [await user(env), await user(env)];
    const roomId = await createRoom(env, alice, [bob]);
    const bobSocket = await connect(env, bob, [roomId]);
    expect(await lastSeen(alice.userId)).toBeNull();

    const online = nextEvent(bobSocket, 'user_status', (e) => e.user_id === alice.userId && e.status === 'online');
    const tab1 = await connectSocket(env.t.url, alice.accessToken);
    const tab2 = await connectSocket(env.t.url, alice.accessToken);
    expect(await online).toEqual({ user_id: alice.userId, status: 'online' });
    tab1.close();
    await roundTrip(tab2);
    await roundTrip(bobSocket);
    expect(await lastSeen(alice.userId)).toBeNull();
    expect(bobSocket.log.filter((r) => r.event === 'user_status' && r.payload.status === 'offline')).toEqual([]);

    const before = Date.now();
    const offline = nextEvent(bobSocket, 'user_status', (e) => e.user_id === alice.userId && e.status === 'offline');
    tab2.close();
    const event = userStatusEventSchema.parse(await offline);
    expect(event.last_seen_at).toMatch(ISO);
    expect(Date.parse(event.last_seen_at!)).toBeGreaterThanOrEqual(before - 1000);
    // The stored time is the announced one.
    expect(await lastSeen(alice.userId)).toBe(event.last_seen_at);
  });

  it('comes with the direct room partner in the room list and with room members', async () => {
    const [alice, bob] = [await user(env), await user(env)];
    const roomId = await createRoom(env, alice, [bob]);
    const s = await connectSocket(env.t.url, bob.accessToken);
    const watcher = await connect(env, alice, [roomId]);
    const offline = nextEvent(watcher, 'user_status', (e) => e.user_id === bob.userId && e.status === 'offline');
    s.close();
    const { last_seen_at } = await offline;

    const list = roomListResponseSchema.parse((await env.a.get('/api/rooms', as(alice))).body);
    expect(list.find((r) => r.id === roomId)!.partner).toMatchObject({ id: bob.userId, status: 'offline', last_seen_at });
    const carol = await user(env);
    const groupId = await createRoom(env, alice, [bob, carol], 'with members');
    const withMembers = roomListResponseSchema.parse((await env.a.get('/api/rooms?include_members=1', as(alice))).body);
    expect(withMembers.find((r) => r.id === groupId)!.members!.find((m) => m.id === bob.userId)).toMatchObject({ last_seen_at });

    const info = roomInfoResponseSchema.parse((await env.a.get(`/api/rooms/${groupId}/info`, as(alice))).body);
    expect(info.members.find((m) => m.id === bob.userId)).toMatchObject({ status: 'offline', last_seen_at });
    // Never connected: null, not a made-up time.
    expect(info.members.find((m) => m.id === carol.userId)!.last_seen_at).toBeNull();
  });

  it('is "now" for whoever a stopped or crashed server left online', async () => {
    const first = await startTestServer({ keepData: true });
    const u = await registerAndLogin(api(first.url));
    await first.server.db.execute({ sql: "UPDATE users SET status = 'online', last_seen_at = NULL WHERE id = ?", args: [u.userId] });
    await first.close();
    const before = Date.now();
    await withServer({ dataDir: first.dataDir }, async (s) => {
      const row = (await s.server.db.execute({ sql: 'SELECT status, last_seen_at FROM users WHERE id = ?', args: [u.userId] })).rows[0]!;
      expect(row.status).toBe('offline');
      expect(String(row.last_seen_at)).toMatch(ISO);
      expect(Date.parse(String(row.last_seen_at))).toBeGreaterThanOrEqual(before - 1000);
    });
  });
});

describe('GET /api/rooms/:id/info: member profiles', () => {
  it('gives members username, status message, role and presence; the owner is created_by', async () => {
    const [owner, b, c] = [await user(env), await user(env), await user(env)];
    await env.a.put('/api/profile', { status_message: 'On holiday until Monday <b>' }, as(b));
    const roomId = await createRoom(env, owner, [b, c], 'profiles');
    expect((await env.a.post(`/api/rooms/${roomId}/admins`, { user_id: c.userId }, as(owner))).status).toBe(200);
    const res = await env.a.get(`/api/rooms/${roomId}/info`, as(b));
    expect(res.status).toBe(200);
    const info = roomInfoResponseSchema.parse(res.body);
    expect(info.created_by).toBe(owner.userId);
    const byId = new Map(info.members.map((m) => [m.id, m]));
    expect(byId.get(b.userId)).toMatchObject({ username: b.username, nickname: b.nickname, status_message: 'On holiday until Monday <b>', role: 'member' });
    expect(byId.get(owner.userId)).toMatchObject({ username: owner.username, status_message: null, role: 'admin' });
    expect(byId.get(c.userId)!.role).toBe('admin');
    // Nothing a colleague should not see.
    for (const m of res.body.members) {
      expect(Object.keys(m).sort()).toEqual(
        ['id', 'last_read_message_id', 'last_seen_at', 'muted', 'nickname', 'pinned', 'profile_image', 'role', 'status', 'status_message', 'username'].sort(),
      );
    }
    // The messages meta carries the same members.
    const meta = await env.a.get(`/api/rooms/${roomId}/messages?include_meta=1`, as(c));
    expect(meta.body.members.find((m: { id: number }) => m.id === b.userId)).toMatchObject({ status_message: 'On holiday until Monday <b>', role: 'member' });
  });

  it('refuses anonymous callers (401) and non-members (403) with the error envelope', async () => {
    const [owner, outsider] = [await user(env), await user(env)];
    const roomId = await createRoom(env, owner, [], 'closed');
    expectError(await env.a.get(`/api/rooms/${roomId}/info`), 401, 'AUTH_LOGIN_REQUIRED');
    expectError(await env.a.get(`/api/rooms/${roomId}/info`, as(outsider)), 403, 'ROOM_ACCESS_DENIED');
  });
});
