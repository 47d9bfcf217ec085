import { describe, expect, it } from 'vitest';
import { adminUpdatedEventSchema, roomNameUpdatedEventSchema, roomUpdatedEventSchema } from '../../protocol/events/server.ts';
import { roomAdminsResponseSchema } from '../../protocol/rest/admins.ts';
import { useServer } from '../helpers/suite.ts';
import { type User, as, barrier, connect, createRoom, events, expectError, user, waitFor } from './fixtures.ts';

const env = useServer();

const isAdmin = async (roomId: number, u: User) => {
  const res = await env.a.get(`/api/rooms/${roomId}/admin-check`, as(u));
  expect(res.status).toBe(200);
  return res.body.is_admin as boolean;
};
const setAdmin = (roomId: number, by: User, body: unknown) => env.a.post(`/api/rooms/${roomId}/admins`, body, as(by));
const group = async () => {
  const [owner, b, c] = [await user(env), await user(env), await user(env)];
  return { owner, b, c, roomId: await createRoom(env, owner, [b, c], 'admins') };
};

describe('room admins', () => {
  it('makes the creator an admin (test_creator_is_auto_admin) and lists admins to members', async () => {
    const { owner, b, c, roomId } = await group();
    expect(await isAdmin(roomId, owner)).toBe(true);
    expect(await isAdmin(roomId, b)).toBe(false);
    const res = await env.a.get(`/api/rooms/${roomId}/admins`, as(c));
    expect(res.status).toBe(200);
    expect(roomAdminsResponseSchema.parse(res.body)).toEqual([{ id: owner.userId, nickname: owner.nickname, profile_image: null, role: 'admin' }]);
  });

  it('refuses non-members on every admin route', async () => {
    const { owner, roomId } = await group();
    const outsider = await user(env);
    expectError(await env.a.get(`/api/rooms/${roomId}/admins`, as(outsider)), 403, 'ACCESS_DENIED');
    expectError(await env.a.get(`/api/rooms/${roomId}/admin-check`, as(outsider)), 403, 'ACCESS_DENIED');
    expectError(await setAdmin(roomId, outsider, { user_id: outsider.userId }), 403, 'ACCESS_DENIED');
    expectError(await env.a.get('/api/rooms/nope/admins', as(owner)), 404, 'ROOM_NOT_FOUND');
  });

  it('promotes and demotes with events to the room only', async () => {
    const { owner, b, c, roomId } = await group();
    const outsider = await user(env);
    const [sOwner, sC, sOut] = [await connect(env, owner, [roomId]), await connect(env, c, [roomId]), await connect(env, outsider)];
    const res = await setAdmin(roomId, owner, { user_id: b.userId });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true });
    expect(await isAdmin(roomId, b)).toBe(true);
    const change = { room_id: roomId, user_id: b.userId, is_admin: true, by_user_id: owner.userId };
    for (const s of [sOwner, sC]) {
      expect(adminUpdatedEventSchema.parse(await waitFor(s, 'admin_updated'))).toEqual(change);
      expect(await waitFor(s, 'room_members_updated', (p) => p.action === 'admin_updated')).toEqual({ ...change, action: 'admin_updated' });
    }
    expect((await env.a.get(`/api/rooms/${roomId}/admins`, as(c))).body.map((u: any) => u.id)).toEqual([owner.userId, b.userId]);

    // test_admin_can_remove_another_admin_if_not_last
    expect((await setAdmin(roomId, b, { user_id: b.userId, is_admin: false })).status).toBe(200);
    expect(await isAdmin(roomId, b)).toBe(false);
    await waitFor(sC, 'admin_updated', (p) => p.is_admin === false && p.by_user_id === b.userId);
    await barrier(env, outsider, sOut);
    expect(events(sOut, 'admin_updated')).toEqual([]);
    expect(events(sOut, 'room_members_updated')).toEqual([]);
  });

  it('never leaves a room without an admin (test_cannot_remove_last_admin)', async () => {
    const { owner, roomId } = await group();
    const res = await setAdmin(roomId, owner, { user_id: owner.userId, is_admin: false });
    expectError(res, 400, 'ROOM_LAST_ADMIN');
    expect(res.body.error).toContain('최소 한 명');
    expect(await isAdmin(roomId, owner)).toBe(true);
  });

  it('demoting the owner works when another admin exists, and hands ownership over', async () => {
    const { owner, b, c, roomId } = await group();
    await setAdmin(roomId, owner, { user_id: c.userId });
    expect((await setAdmin(roomId, c, { user_id: owner.userId, is_admin: false })).status).toBe(200);
    expect(await isAdmin(roomId, owner)).toBe(false);
    expect((await env.a.get(`/api/rooms/${roomId}/info`, as(b))).body.created_by).toBe(c.userId);
    // The demoted owner has lost the admin powers.
    expectError(await env.a.del(`/api/rooms/${roomId}/members/${b.userId}`, undefined, as(owner)), 403, 'ROOM_KICK_ADMIN_ONLY');
    expectError(await setAdmin(roomId, c, { user_id: c.userId, is_admin: false }), 400, 'ROOM_LAST_ADMIN');
  });

  it('validates the body and the target (test_admin_update_requires_boolean_is_admin)', async () => {
    const { owner, b, c, roomId } = await group();
    await setAdmin(roomId, owner, { user_id: b.userId });
    const strFlag = await setAdmin(roomId, owner, { user_id: b.userId, is_admin: 'false' });
    expectError(strFlag, 400, 'ROOM_ADMIN_FLAG_NOT_BOOLEAN');
    expect(strFlag.body.error).toContain('boolean');
    expect(await isAdmin(roomId, b)).toBe(true);
    expectError(await setAdmin(roomId, owner, {}), 400, 'ROOM_ADMIN_USER_REQUIRED');
    expectError(await setAdmin(roomId, owner, { user_id: -3 }), 400, 'ROOM_ADMIN_USER_ID_INVALID');
    expectError(await setAdmin(roomId, owner, { user_id: 999_999 }), 400, 'ROOM_TARGET_NOT_MEMBER');
    expectError(await setAdmin(roomId, owner, { user_id: 999_999, is_admin: false }), 400, 'ROOM_TARGET_NOT_MEMBER');
    expectError(await setAdmin(roomId, c, { user_id: c.userId }), 403, 'ROOM_ADMIN_REQUIRED');
  });
});

describe('rename: PUT /api/rooms/:id/name', () => {
  it('stores the trimmed raw name and tells the room only (test_rest_room_rename_emits_socket_event, test_room_updated_not_emitted_to_unrelated_user)', async () => {
    const { owner, b, roomId } = await group();
    const outsider = await user(env);
    const [sOwner, sB, sOut] = [await connect(env, owner, [roomId]), await connect(env, b, [roomId]), await connect(env, outsider)];
    const res = await env.a.put(`/api/rooms/${roomId}/name`, { name: '  <b>R&D</b> 팀 ' }, as(owner));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true });
    const name = '<b>R&D</b> 팀';
    expect((await env.a.get(`/api/rooms/${roomId}/info`, as(b))).body.name).toBe(name);
    for (const s of [sOwner, sB]) {
      expect(roomNameUpdatedEventSchema.parse(await waitFor(s, 'room_name_updated'))).toEqual({ room_id: roomId, name, by_user_id: owner.userId });
      expect(roomUpdatedEventSchema.parse(await waitFor(s, 'room_updated', (p) => p.action === 'room_renamed'))).toEqual({
        room_id: roomId,
        action: 'room_renamed',
        name,
        by_user_id: owner.userId,
      });
      const notice = await waitFor(s, 'new_message', (p) => p.message_type === 'system');
      expect(notice.content).toBe(`${owner.nickname}님이 대화방 이름을 '${name}'(으)로 변경했습니다.`);
    }
    await barrier(env, outsider, sOut);
    expect(sOut.log.filter((r) => r.payload?.room_id === roomId)).toEqual([]);
  });

  it('is for admins, with a name of 1 to 50 characters', async () => {
    const { owner, b, roomId } = await group();
    const outsider = await user(env);
    expectError(await env.a.put(`/api/rooms/${roomId}/name`, { name: 'x' }, as(b)), 403, 'ROOM_RENAME_ADMIN_ONLY');
    expectError(await env.a.put(`/api/rooms/${roomId}/name`, { name: 'x' }, as(outsider)), 403, 'ROOM_ACCESS_DENIED');
    expectError(await env.a.put(`/api/rooms/${roomId}/name`, { name: '   ' }, as(owner)), 400, 'ROOM_NAME_REQUIRED');
    expectError(await env.a.put(`/api/rooms/${roomId}/name`, {}, as(owner)), 400, 'ROOM_NAME_REQUIRED');
    expectError(await env.a.put(`/api/rooms/${roomId}/name`, { name: 'x'.repeat(51) }, as(owner)), 400, 'ROOM_NAME_TOO_LONG');
    expect((await env.a.put(`/api/rooms/${roomId}/name`, { name: '가'.repeat(50) }, as(owner))).status).toBe(200);
    expectError(await env.a.put('/api/rooms/1.0/name', { name: 'x' }, as(owner)), 404, 'ROOM_NOT_FOUND');
  });
});

describe('pin-room, pin and mute', () => {
  const flags = async (u: User, roomId: number) => {
    const room = (await env.a.get('/api/rooms', as(u))).body.find((r: any) => r.id === roomId);
    return { pinned: room.pinned, muted: room.muted };
  };

  it("sets the caller's own flags and tells only the caller's devices", async () => {
    const { owner, b, roomId } = await group();
    const [phone, desk, sB] = [await connect(env, owner), await connect(env, owner), await connect(env, b, [roomId])];
    expect((await env.a.post(`/api/rooms/${roomId}/pin-room`, {}, as(owner))).body).toEqual({ success: true });
    expect(await flags(owner, roomId)).toEqual({ pinned: 1, muted: 0 });
    expect(await flags(b, roomId)).toEqual({ pinned: 0, muted: 0 });
    for (const s of [phone, desk]) {
      expect(roomUpdatedEventSchema.parse(await waitFor(s, 'room_updated', (p) => p.action === 'settings_updated'))).toEqual({
        room_id: roomId,
        action: 'settings_updated',
        pinned: 1,
        muted: 0,
      });
    }
    expect((await env.a.post(`/api/rooms/${roomId}/mute`, { muted: true }, as(owner))).status).toBe(200);
    await waitFor(desk, 'room_updated', (p) => p.action === 'settings_updated' && p.muted === 1);
    expect((await env.a.post(`/api/rooms/${roomId}/pin`, { pinned: false }, as(owner))).status).toBe(200);
    expect(await flags(owner, roomId)).toEqual({ pinned: 0, muted: 1 });
    await waitFor(phone, 'room_updated', (p) => p.action === 'settings_updated' && p.pinned === 0 && p.muted === 1);
    expect((await env.a.post(`/api/rooms/${roomId}/mute`, { muted: 0 }, as(owner))).status).toBe(200);
    expect(await flags(owner, roomId)).toEqual({ pinned: 0, muted: 0 });

    await barrier(env, b, sB);
    expect(events(sB, 'room_updated', (p) => p.action === 'settings_updated')).toEqual([]);
  });

  it('refuses non-booleans and non-members', async () => {
    const { owner, roomId } = await group();
    const outsider = await user(env);
    expectError(await env.a.post(`/api/rooms/${roomId}/pin-room`, { pinned: 'yes' }, as(owner)), 400, 'ROOM_SETTING_NOT_BOOLEAN');
    expectError(await env.a.post(`/api/rooms/${roomId}/mute`, { muted: null }, as(owner)), 400, 'ROOM_SETTING_NOT_BOOLEAN');
    expectError(await env.a.post(`/api/rooms/${roomId}/pin`, {}, as(outsider)), 403, 'ROOM_ACCESS_DENIED');
    expectError(await env.a.post(`/api/rooms/${roomId}/mute`, {}, as(outsider)), 403, 'ROOM_ACCESS_DENIED');
    expectError(await env.a.get(`/api/rooms/${roomId}/mute`, as(owner)), 405, 'METHOD_NOT_ALLOWED');
  });
});
