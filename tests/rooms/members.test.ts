import { describe, expect, it } from 'vitest';
import { roomMembersUpdatedEventSchema, roomUpdatedEventSchema } from '../../protocol/events/server.ts';
import { useServer } from '../helpers/suite.ts';
import { type Client, type User, as, barrier, connect, createRoom, events, expectError, user, waitFor } from './fixtures.ts';

const env = useServer();

const memberIds = async (roomId: number) =>
  (await env.t.server.db.execute({ sql: 'SELECT user_id FROM room_members WHERE room_id = ? ORDER BY user_id', args: [roomId] })).rows.map((r) =>
    Number(r.user_id),
  );
const createdBy = async (roomId: number) => {
  const v = (await env.t.server.db.execute({ sql: 'SELECT created_by FROM rooms WHERE id = ?', args: [roomId] })).rows[0]!.created_by;
  return v == null ? null : Number(v);
};
const isAdmin = async (roomId: number, u: User) => (await env.a.get(`/api/rooms/${roomId}/admin-check`, as(u))).body.is_admin;

/** Sends a message over the socket path and waits for the sender's own copy. */
async function say(socket: Client, roomId: number, content: string) {
  const ack = await socket.timeout(5000).emitWithAck('send_message', { room_id: roomId, content, encrypted: false });
  expect(ack.ok).toBe(true);
  return waitFor(socket, 'new_message', (p) => p.id === ack.message_id);
}

describe('invite: POST /api/rooms/:id/members', () => {
  it('lets any member invite (test_invite_member), skipping unknown and existing users', async () => {
    const [a, b, c, d] = [await user(env), await user(env), await user(env), await user(env)];
    const roomId = await createRoom(env, a, [b, c], 'team');
    // b is a plain member; the {user_id} form (test_invite_member).
    const res = await env.a.post(`/api/rooms/${roomId}/members`, { user_id: d.userId }, as(b));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true, added_count: 1 });
    expect(await memberIds(roomId)).toContain(d.userId);
    const e = await user(env);
    const mixed = await env.a.post(`/api/rooms/${roomId}/members`, { user_ids: [c.userId, e.userId, 999_999] }, as(a));
    expect(mixed.body).toEqual({ success: true, added_count: 1 });
  });

  it('answers 400 when nobody was added (test_invite_nonexistent_user, test_invite_existing_user)', async () => {
    const [a, b, c] = [await user(env), await user(env), await user(env)];
    const roomId = await createRoom(env, a, [b, c]);
    expectError(await env.a.post(`/api/rooms/${roomId}/members`, { user_ids: [99_999] }, as(a)), 400, 'ROOM_MEMBER_ALREADY_JOINED');
    expectError(await env.a.post(`/api/rooms/${roomId}/members`, { user_id: b.userId }, as(a)), 400, 'ROOM_MEMBER_ALREADY_JOINED');
    expectError(await env.a.post(`/api/rooms/${roomId}/members`, {}, as(a)), 400, 'ROOM_INVITE_USER_REQUIRED');
    expectError(await env.a.post(`/api/rooms/${roomId}/members`, { user_ids: 'x' }, as(a)), 400, 'ROOM_INVITE_USER_IDS_INVALID');
  });

  it('refuses direct rooms, non-members and malformed ids', async () => {
    const [a, b, c] = [await user(env), await user(env), await user(env)];
    const direct = await createRoom(env, a, [b]);
    expectError(await env.a.post(`/api/rooms/${direct}/members`, { user_ids: [c.userId] }, as(a)), 400, 'DIRECT_ROOM_INVITE_DENIED');
    expect(await memberIds(direct)).toEqual([a.userId, b.userId].sort((x, y) => x - y));
    expectError(await env.a.post(`/api/rooms/${direct}/members`, { user_ids: [c.userId] }, as(c)), 403, 'ROOM_ACCESS_DENIED');
    expectError(await env.a.post('/api/rooms/x/members', { user_ids: [c.userId] }, as(a)), 404, 'ROOM_NOT_FOUND');
  });

  it('emits to the room and the invitees only, joins their sockets, and posts a system message', async () => {
    const [a, b, c, d, outsider] = [await user(env), await user(env), await user(env), await user(env), await user(env)];
    const roomId = await createRoom(env, a, [b, await user(env)], '초대방');
    const [sa, sc, sd, so] = [await connect(env, a, [roomId]), await connect(env, c), await connect(env, d), await connect(env, outsider)];
    expect((await env.a.post(`/api/rooms/${roomId}/members`, { user_ids: [c.userId, d.userId] }, as(a))).status).toBe(200);

    const members = await waitFor(sa, 'room_members_updated', (p) => p.room_id === roomId);
    expect(roomMembersUpdatedEventSchema.parse(members)).toEqual({ room_id: roomId, action: 'members_invited', by_user_id: a.userId, added_count: 2 });
    for (const s of [sa, sc, sd]) {
      const updated = await waitFor(s, 'room_updated', (p) => p.room_id === roomId);
      expect(roomUpdatedEventSchema.parse(updated)).toEqual({ room_id: roomId, action: 'members_invited', by_user_id: a.userId });
      // The invitees' sockets were already in the room for the system message.
      const system = await waitFor(s, 'new_message', (p) => p.room_id === roomId && p.message_type === 'system');
      expect(system.content).toBe(`${a.nickname}님이 ${[c, d].map((u) => u.nickname).join(', ')}님을 초대했습니다.`);
    }
    // Exactly once each, even for sockets in both the room and their user room.
    expect(events(sc, 'room_updated', (p) => p.room_id === roomId)).toHaveLength(1);

    // The invitee hears the room's next message without subscribing.
    const next = await say(sa, roomId, 'welcome');
    await waitFor(sd, 'new_message', (p) => p.id === next.id);

    await barrier(env, outsider, so);
    expect(so.log.filter((r) => r.payload?.room_id === roomId)).toEqual([]);
  });

  it("starts the invitees' read pointer at the latest message", async () => {
    const [a, b, c] = [await user(env), await user(env), await user(env)];
    const roomId = await createRoom(env, a, [b, c]);
    for (let i = 0; i < 5; i++) await env.t.server.writer.write({ roomId, senderId: b.userId, content: `h${i}`, encrypted: false, type: 'text' });
    const d = await user(env);
    await env.a.post(`/api/rooms/${roomId}/members`, { user_ids: [d.userId] }, as(a));
    const room = (await env.a.get('/api/rooms', as(d))).body.find((r: any) => r.id === roomId);
    // Only the invite notice is new to them.
    expect(room.unread_count).toBe(1);
    expect(room.last_message_type).toBe('system');
  });
});

describe('leave: POST /api/rooms/:id/leave', () => {
  it('removes the caller (test_leave_room)', async () => {
    const [a, b, c] = [await user(env), await user(env), await user(env)];
    const roomId = await createRoom(env, a, [b, c]);
    const res = await env.a.post(`/api/rooms/${roomId}/leave`, undefined, as(b));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true });
    expect(await memberIds(roomId)).not.toContain(b.userId);
    expect((await env.a.get('/api/rooms', as(b))).body.map((r: any) => r.id)).not.toContain(roomId);
    expectError(await env.a.get(`/api/rooms/${roomId}/info`, as(b)), 403, 'ROOM_ACCESS_DENIED');
  });

  it('refuses non-members and emits nothing (test_leave_requires_membership_and_emits_nothing_for_non_member)', async () => {
    const [owner, peer, outsider] = [await user(env), await user(env), await user(env)];
    const roomId = await createRoom(env, owner, [peer]);
    const so = await connect(env, owner, [roomId]);
    expectError(await env.a.post(`/api/rooms/${roomId}/leave`, {}, as(outsider)), 403, 'ROOM_ACCESS_DENIED');
    expectError(await env.a.post('/api/rooms/0/leave', {}, as(outsider)), 404, 'ROOM_NOT_FOUND');
    await barrier(env, owner, so);
    expect(events(so, 'room_members_updated')).toEqual([]);
    expect(events(so, 'room_updated', (p) => p.room_id === roomId)).toEqual([]);
  });

  it('hands the room to the lowest remaining id when the creator leaves (test_created_by_is_reassigned…, test_creator_loses_admin_control…)', async () => {
    const [a, b, c] = [await user(env), await user(env), await user(env)];
    const roomId = await createRoom(env, a, [b, c]);
    expect((await env.a.post(`/api/rooms/${roomId}/leave`, {}, as(a))).status).toBe(200);
    expect(await createdBy(roomId)).toBe(b.userId);
    expect(await isAdmin(roomId, b)).toBe(true);
    expect(await isAdmin(roomId, c)).toBe(false);
    // The former creator keeps no control over the room.
    expectError(await env.a.del(`/api/rooms/${roomId}/members/${c.userId}`, undefined, as(a)), 403, 'ROOM_ACCESS_DENIED');
    expectError(await env.a.post(`/api/rooms/${roomId}/admins`, { user_id: a.userId }, as(a)), 403, 'ACCESS_DENIED');
  });

  it('prefers a remaining admin over a lower id, and clears the owner of an empty room', async () => {
    const [a, b, c] = [await user(env), await user(env), await user(env)];
    const roomId = await createRoom(env, a, [b, c]);
    expect((await env.a.post(`/api/rooms/${roomId}/admins`, { user_id: c.userId }, as(a))).status).toBe(200);
    await env.a.post(`/api/rooms/${roomId}/leave`, {}, as(a));
    expect(await createdBy(roomId)).toBe(c.userId);
    expect(await isAdmin(roomId, b)).toBe(false);
    await env.a.post(`/api/rooms/${roomId}/leave`, {}, as(c));
    // b was promoted as the only one left.
    expect(await createdBy(roomId)).toBe(b.userId);
    expect(await isAdmin(roomId, b)).toBe(true);
    await env.a.post(`/api/rooms/${roomId}/leave`, {}, as(b));
    expect(await createdBy(roomId)).toBeNull();
  });

  it('tells the room and the leaver, and the leaver hears nothing more (test_left_member_socket_stops_receiving_room_messages)', async () => {
    const [owner, leaver, other, outsider] = [await user(env), await user(env), await user(env), await user(env)];
    const roomId = await createRoom(env, owner, [leaver, other], 'L');
    const [sOwner, sLeaver, sLeaver2, sOther, sOut] = [
      await connect(env, owner, [roomId]),
      await connect(env, leaver, [roomId]),
      await connect(env, leaver, [roomId]), // a second device of the leaver
      await connect(env, other, [roomId]),
      await connect(env, outsider),
    ];
    await env.a.post(`/api/rooms/${roomId}/leave`, {}, as(leaver));
    const expected = { room_id: roomId, action: 'member_left', user_id: leaver.userId, by_user_id: leaver.userId };
    for (const s of [sOwner, sOther, sLeaver, sLeaver2]) {
      expect(roomMembersUpdatedEventSchema.parse(await waitFor(s, 'room_members_updated', (p) => p.room_id === roomId))).toEqual(expected);
      expect(roomUpdatedEventSchema.parse(await waitFor(s, 'room_updated', (p) => p.room_id === roomId))).toEqual(expected);
    }
    const notice = await waitFor(sOwner, 'new_message', (p) => p.message_type === 'system' && p.room_id === roomId);
    expect(notice.content).toBe(`${leaver.nickname}님이 나갔습니다.`);

    const after = await say(sOwner, roomId, 'after the leave');
    await barrier(env, leaver, sLeaver);
    await barrier(env, leaver, sLeaver2);
    for (const s of [sLeaver, sLeaver2]) {
      expect(events(s, 'new_message', (p) => p.id === after.id || p.id === notice.id)).toEqual([]);
    }
    // The leaver can no longer send into the room either.
    const ack = await sLeaver.timeout(5000).emitWithAck('send_message', { room_id: roomId, content: 'still here?', encrypted: false });
    expect(ack).toMatchObject({ ok: false, error_code: 'ROOM_ACCESS_DENIED' });
    await barrier(env, outsider, sOut);
    expect(sOut.log.filter((r) => r.payload?.room_id === roomId)).toEqual([]);
  });
});

describe('kick: DELETE /api/rooms/:id/members/:target', () => {
  it('lets an admin kick a member (test_kick_member_success, test_kick_regular_member_by_admin)', async () => {
    const [admin, member, other] = [await user(env), await user(env), await user(env)];
    const roomId = await createRoom(env, admin, [member, other]);
    const res = await env.a.del(`/api/rooms/${roomId}/members/${member.userId}`, undefined, as(admin));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true });
    expect((await env.a.get('/api/rooms', as(member))).body.map((r: any) => r.id)).not.toContain(roomId);
  });

  it('checks admin, self, admin target, then membership, in that order', async () => {
    const [admin, admin2, member, outsider] = [await user(env), await user(env), await user(env), await user(env)];
    const roomId = await createRoom(env, admin, [admin2, member]);
    await env.a.post(`/api/rooms/${roomId}/admins`, { user_id: admin2.userId }, as(admin));
    const kick = (by: User, target: number | string) => env.a.del(`/api/rooms/${roomId}/members/${target}`, undefined, as(by));
    // test_kick_member_not_admin (a non-admin naming themselves still gets the admin error first)
    expectError(await kick(member, admin.userId), 403, 'ROOM_KICK_ADMIN_ONLY');
    expectError(await kick(member, member.userId), 403, 'ROOM_KICK_ADMIN_ONLY');
    // test_kick_self
    const self = await kick(admin, admin.userId);
    expectError(self, 400, 'ROOM_KICK_SELF');
    expect(self.body.error).toContain('자신');
    // test_kick_admin_by_admin: another admin, and the owner
    const adminTarget = await kick(admin, admin2.userId);
    expectError(adminTarget, 403, 'ROOM_KICK_ADMIN_TARGET');
    expect(adminTarget.body.error).toContain('관리자');
    expectError(await kick(admin2, admin.userId), 403, 'ROOM_KICK_ADMIN_TARGET');
    // test_kick_nonmember
    expectError(await kick(admin, outsider.userId), 400, 'ROOM_TARGET_NOT_MEMBER');
    expectError(await kick(admin, 'abc'), 400, 'ROOM_TARGET_NOT_MEMBER');
    expectError(await kick(outsider, member.userId), 403, 'ROOM_ACCESS_DENIED');
    expect(await memberIds(roomId)).toEqual([admin, admin2, member].map((u) => u.userId).sort((x, y) => x - y));
  });

  it('tells the room and the target, and the target hears nothing more (test_kicked_member_socket_stops_receiving_room_messages)', async () => {
    const [admin, target, outsider] = [await user(env), await user(env), await user(env)];
    const roomId = await createRoom(env, admin, [target, await user(env)], 'K');
    const [sAdmin, sTarget, sOut] = [await connect(env, admin, [roomId]), await connect(env, target, [roomId]), await connect(env, outsider)];
    expect((await env.a.del(`/api/rooms/${roomId}/members/${target.userId}`, undefined, as(admin))).status).toBe(200);
    const expected = { room_id: roomId, action: 'member_kicked', user_id: target.userId, by_user_id: admin.userId };
    for (const s of [sAdmin, sTarget]) {
      expect(await waitFor(s, 'room_members_updated', (p) => p.room_id === roomId)).toEqual(expected);
      expect(await waitFor(s, 'room_updated', (p) => p.room_id === roomId)).toEqual(expected);
    }
    const notice = await waitFor(sAdmin, 'new_message', (p) => p.message_type === 'system');
    expect(notice.content).toBe(`${admin.nickname}님이 ${target.nickname}님을 내보냈습니다.`);
    const after = await say(sAdmin, roomId, 'after the kick');
    await barrier(env, target, sTarget);
    expect(events(sTarget, 'new_message', (p) => p.id === after.id || p.id === notice.id)).toEqual([]);
    await barrier(env, outsider, sOut);
    expect(sOut.log.filter((r) => r.payload?.room_id === roomId)).toEqual([]);
  });
});
