import { type Socket, io } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { errorEnvelopeSchema } from '../../protocol/envelope.ts';
import { meResponseSchema } from '../../protocol/rest/auth.ts';
import { onlineUsersResponseSchema, profileSchema, userListResponseSchema } from '../../protocol/rest/users.ts';
import { PASSWORD, api, registerAndLogin, uniqueName } from '../helpers/http.ts';
import { useServer, withServer } from '../helpers/suite.ts';

const env = useServer();

async function expectCode(p: Promise<{ status: number; body: unknown }>, status: number, code: string) {
  const res = await p;
  expect({ status: res.status, code: (res.body as { error_code?: string }).error_code }).toEqual({ status, code });
  errorEnvelopeSchema.parse(res.body);
}

describe('register', () => {
  it('registers with the origin policy and answers 200 {success, user_id}', async () => {
    const username = uniqueName();
    const res = await env.a.post('/api/register', { username, password: 'abcdefg1' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true, user_id: expect.any(Number) });
    // Nickname defaults to the username.
    const login = await env.a.post('/api/device-sessions', { username, password: 'abcdefg1' });
    expect(login.body.user.nickname).toBe(username);
  });

  it('refuses every invalid input with its own error code', async () => {
    const taken = uniqueName();
    await env.a.post('/api/register', { username: taken, password: PASSWORD });
    const u = () => uniqueName();
    const cases: Array<[unknown, string]> = [
      [{}, 'AUTH_MISSING_CREDENTIALS'],
      [{ username: u() }, 'AUTH_MISSING_CREDENTIALS'],
      [{ password: PASSWORD }, 'AUTH_MISSING_CREDENTIALS'],
      [{ username: '', password: PASSWORD }, 'AUTH_MISSING_CREDENTIALS'],
      [{ username: 123, password: PASSWORD }, 'REQUEST_INVALID'],
      [{ username: u(), password: 12345678 }, 'REQUEST_INVALID'],
      [{ username: 'ab', password: PASSWORD }, 'USERNAME_INVALID'],
      [{ username: 'a'.repeat(21), password: PASSWORD }, 'USERNAME_INVALID'],
      [{ username: 'bad name', password: PASSWORD }, 'USERNAME_INVALID'],
      [{ username: '한글이름', password: PASSWORD }, 'USERNAME_INVALID'],
      [{ username: u(), password: 'Ab1' }, 'PASSWORD_TOO_SHORT'],
      [{ username: u(), password: '12345678' }, 'PASSWORD_NEEDS_LETTER'],
      [{ username: u(), password: 'abcdefgh' }, 'PASSWORD_NEEDS_DIGIT'],
      [{ username: u(), password: `a1${'x'.repeat(200)}` }, 'PASSWORD_TOO_LONG'],
      [{ username: u(), password: PASSWORD, nickname: 'x' }, 'NICKNAME_TOO_SHORT'],
      [{ username: u(), password: PASSWORD, nickname: 'n'.repeat(21) }, 'NICKNAME_TOO_LONG'],
      [{ username: u(), password: PASSWORD, nickname: 'bad\u0000nick' }, 'NICKNAME_INVALID'],
      [{ username: u(), password: PASSWORD, nickname: 'zero\u200bwidth' }, 'NICKNAME_INVALID'],
      [{ username: u(), password: PASSWORD, nickname: 42 }, 'REQUEST_INVALID'],
      [{ username: taken, password: PASSWORD }, 'USERNAME_TAKEN'],
      [{ username: taken.toUpperCase(), password: PASSWORD }, 'USERNAME_TAKEN'],
      [null, 'REQUEST_INVALID_FORMAT'],
      ['text', 'REQUEST_INVALID_FORMAT'],
    ];
    for (const [body, code] of cases) {
      const res = await env.a.post('/api/register', body);
      expect({ body, status: res.status, code: res.body?.error_code }).toEqual({ body, status: 400, code });
    }
  });

  it('stores nicknames raw (no HTML escaping at rest) and accepts Korean', async () => {
    const u = await registerAndLogin(env.a, { nickname: '<b>김 & 이</b>' });
    const profile = profileSchema.parse((await env.a.get('/api/profile', { token: u.accessToken })).body);
    expect(profile.nickname).toBe('<b>김 & 이</b>');
  });

  it('with ALLOW_SELF_REGISTER off: 202 pending, login 403 until the platform admin approves; reject revokes', async () => {
    await withServer({ config: { allowSelfRegister: false } }, async (closed) => {
      const c = api(closed.url);
      // The very first account is the platform admin, approved at once (nobody else could approve it).
      const adminName = uniqueName('adm');
      const first = await c.post('/api/register', { username: adminName, password: PASSWORD });
      expect(first.status).toBe(200);
      const admin = await c.post('/api/device-sessions', { username: adminName, password: PASSWORD });
      expect(admin.status).toBe(200);

      const name = uniqueName('p');
      const reg = await c.post('/api/register', { username: name, password: PASSWORD });
      expect(reg.status).toBe(202);
      expect(reg.body).toEqual({ success: true, pending_approval: true, user_id: expect.any(Number) });
      await expectCode(c.post('/api/device-sessions', { username: name, password: PASSWORD }), 403, 'AUTH_ACCOUNT_PENDING');
      await expectCode(c.post('/api/login', { username: name, password: PASSWORD }), 403, 'AUTH_ACCOUNT_PENDING');

      const otherName = uniqueName('o');
      const other = await c.post('/api/register', { username: otherName, password: PASSWORD });
      await closed.server.db.execute({ sql: "UPDATE users SET approval_status = 'approved' WHERE id = ?", args: [other.body.user_id] });
      const otherLogin = await c.post('/api/device-sessions', { username: otherName, password: PASSWORD });
      // A non-admin cannot approve.
      await expectCode(c.post('/api/admin/users/approve', { user_id: reg.body.user_id, action: 'approve' }, { token: otherLogin.body.access_token }), 403, 'PLATFORM_ADMIN_REQUIRED');
      const tok = admin.body.access_token;
      await expectCode(c.post('/api/admin/users/approve', { user_id: 0, action: 'approve' }, { token: tok }), 400, 'APPROVAL_USER_ID_INVALID');
      await expectCode(c.post('/api/admin/users/approve', { user_id: '5', action: 'approve' }, { token: tok }), 400, 'APPROVAL_USER_ID_INVALID');
      await expectCode(c.post('/api/admin/users/approve', { user_id: reg.body.user_id, action: 'maybe' }, { token: tok }), 400, 'APPROVAL_ACTION_INVALID');
      await expectCode(c.post('/api/admin/users/approve', { user_id: 999999, action: 'approve' }, { token: tok }), 404, 'USER_NOT_FOUND');

      const ok = await c.post('/api/admin/users/approve', { user_id: reg.body.user_id, action: 'approve' }, { token: tok });
      expect(ok.body).toEqual({ success: true, user_id: reg.body.user_id, status: 'approved' });
      const session = await c.post('/api/device-sessions', { username: name, password: PASSWORD });
      expect(session.status).toBe(200);

      // Rejecting later ends the account's sessions and refresh re-checks approval.
      await c.post('/api/admin/users/approve', { user_id: reg.body.user_id, action: 'reject' }, { token: tok });
      await expectCode(c.get('/api/profile', { token: session.body.access_token }), 401, 'AUTH_SESSION_EXPIRED');
      await expectCode(c.post('/api/device-sessions', { username: name, password: PASSWORD }), 403, 'AUTH_ACCOUNT_REJECTED');
    });
  });
});

describe('me, profile, users', () => {
  it('/api/me is always 200', async () => {
    expect(meResponseSchema.parse((await env.a.get('/api/me')).body)).toEqual({ logged_in: false });
    const u = await registerAndLogin(env.a, { nickname: 'Me Myself' });
    const me = meResponseSchema.parse((await env.a.get('/api/me', { token: u.accessToken })).body);
    expect(me).toEqual({ logged_in: true, user: { id: u.userId, username: u.username, nickname: 'Me Myself', profile_image: null, status: 'offline', is_platform_admin: false, must_change_password: false } });
  });

  it('profile get/put, with status_message returned and clearable', async () => {
    const u = await registerAndLogin(env.a);
    await expectCode(env.a.get('/api/profile'), 401, 'AUTH_LOGIN_REQUIRED');
    const put = await env.a.put('/api/profile', { nickname: '  New Nick  ', status_message: 'At lunch' }, { token: u.accessToken });
    expect(put.status).toBe(200);
    let p = profileSchema.parse((await env.a.get('/api/profile', { token: u.accessToken })).body);
    expect(p.nickname).toBe('New Nick');
    expect(p.status_message).toBe('At lunch');
    // Empty nickname means unchanged (origin); empty status message clears it.
    await env.a.put('/api/profile', { nickname: '', status_message: '' }, { token: u.accessToken });
    p = profileSchema.parse((await env.a.get('/api/profile', { token: u.accessToken })).body);
    expect(p.nickname).toBe('New Nick');
    expect(p.status_message).toBeNull();
  });

  it('profile put error paths', async () => {
    const u = await registerAndLogin(env.a);
    const tok = { token: u.accessToken };
    await expectCode(env.a.put('/api/profile', {}, tok), 400, 'PROFILE_NOTHING_TO_UPDATE');
    await expectCode(env.a.put('/api/profile', { nickname: 'x' }, tok), 400, 'NICKNAME_TOO_SHORT');
    await expectCode(env.a.put('/api/profile', { nickname: 'y'.repeat(21) }, tok), 400, 'NICKNAME_TOO_LONG');
    await expectCode(env.a.put('/api/profile', { nickname: 'tab\tname' }, tok), 400, 'NICKNAME_INVALID');
    await expectCode(env.a.put('/api/profile', { nickname: ['a'] }, tok), 400, 'REQUEST_INVALID');
    await expectCode(env.a.put('/api/profile', { status_message: 's'.repeat(101) }, tok), 400, 'STATUS_MESSAGE_TOO_LONG');
    await expectCode(env.a.put('/api/profile', { status_message: 5 }, tok), 400, 'REQUEST_INVALID');
    await expectCode(env.a.put('/api/profile', { nickname: 'Fine' }), 401, 'AUTH_LOGIN_REQUIRED');
  });

  it('a profile change is emitted to the user\'s other clients as user_profile_updated', async () => {
    const u = await registerAndLogin(env.a);
    const socket: Socket = io(env.t.url, { transports: ['websocket'], reconnection: false, auth: { token: u.accessToken } });
    try {
      await new Promise((resolve, reject) => {
        socket.once('connect', () => resolve(null));
        socket.once('connect_error', reject);
      });
      const event = new Promise((resolve) => socket.once('user_profile_updated', resolve));
      await env.a.put('/api/profile', { nickname: 'Renamed' }, { token: u.accessToken });
      expect(await event).toEqual({ user_id: u.userId, nickname: 'Renamed', profile_image: null, status_message: null });
    } finally {
      socket.close();
    }
  });

  it('lists every other user, and online users', async () => {
    const u = await registerAndLogin(env.a);
    const v = await registerAndLogin(env.a);
    await expectCode(env.a.get('/api/users'), 401, 'AUTH_LOGIN_REQUIRED');
    const list = userListResponseSchema.parse((await env.a.get('/api/users', { token: u.accessToken })).body);
    expect(list.some((x) => x.id === u.userId)).toBe(false);
    expect(list.find((x) => x.id === v.userId)?.username).toBe(v.username);
    const online = onlineUsersResponseSchema.parse((await env.a.get('/api/users/online', { token: u.accessToken })).body);
    expect(online.some((x) => x.id === u.userId)).toBe(false);
  });
});

describe('password change and account deletion', () => {
  it('password change error paths', async () => {
    const u = await registerAndLogin(env.a);
    const tok = { token: u.accessToken };
    await expectCode(env.a.put('/api/me/password', {}, tok), 400, 'PASSWORD_FIELDS_REQUIRED');
    await expectCode(env.a.put('/api/me/password', { current_password: PASSWORD }, tok), 400, 'PASSWORD_FIELDS_REQUIRED');
    await expectCode(env.a.put('/api/me/password', { current_password: PASSWORD, new_password: 'short1' }, tok), 400, 'PASSWORD_TOO_SHORT');
    await expectCode(env.a.put('/api/me/password', { current_password: PASSWORD, new_password: 'nodigitshere' }, tok), 400, 'PASSWORD_NEEDS_DIGIT');
    await expectCode(env.a.put('/api/me/password', { current_password: 'Wrong1234', new_password: 'Another123' }, tok), 400, 'PASSWORD_CURRENT_WRONG');
    await expectCode(env.a.put('/api/me/password', { current_password: PASSWORD, new_password: 'Another123' }), 401, 'AUTH_LOGIN_REQUIRED');
    const ok = await env.a.put('/api/me/password', { current_password: PASSWORD, new_password: 'Another123' }, tok);
    expect(ok.body).toEqual({ success: true, message: expect.stringContaining('비밀번호가 변경되었습니다') });
  });

  it('deletes an account that has sent messages and owns rooms (no FK failure), keeping the room usable', async () => {
    const u = await registerAndLogin(env.a);
    const v = await registerAndLogin(env.a);
    const db = env.t.server.db;
    // Messaging arrives with the next issue; write the rows it will write.
    const room = await db.execute({ sql: "INSERT INTO rooms (name, type, created_by) VALUES ('team', 'group', ?) RETURNING id", args: [u.userId] });
    const roomId = Number(room.rows[0]!.id);
    await db.batch([
      { sql: "INSERT INTO room_members (room_id, user_id, role) VALUES (?, ?, 'admin'), (?, ?, 'member')", args: [roomId, u.userId, roomId, v.userId] },
      { sql: "INSERT INTO messages (room_id, sender_id, content, encrypted) VALUES (?, ?, 'hello from u', 0)", args: [roomId, u.userId] },
      { sql: "INSERT INTO messages (room_id, sender_id, content, encrypted, reply_to) VALUES (?, ?, 'reply', 0, last_insert_rowid())", args: [roomId, v.userId] },
      { sql: "INSERT INTO room_files (room_id, message_id, file_path, file_name, uploaded_by) VALUES (?, (SELECT MIN(id) FROM messages WHERE room_id = ?), 'f.txt', 'f.txt', ?)", args: [roomId, roomId, u.userId] },
      { sql: 'INSERT INTO pinned_messages (room_id, message_id, pinned_by) VALUES (?, (SELECT MIN(id) FROM messages WHERE room_id = ?), ?)', args: [roomId, roomId, u.userId] },
      { sql: "INSERT INTO message_reactions (message_id, user_id, emoji) SELECT MIN(id), ?, '👍' FROM messages WHERE room_id = ?", args: [u.userId, roomId] },
    ]);

    await expectCode(env.a.del('/api/me', {}, { token: u.accessToken }), 400, 'PASSWORD_REQUIRED');
    await expectCode(env.a.del('/api/me', { password: 'Wrong1234' }, { token: u.accessToken }), 400, 'PASSWORD_WRONG');
    await expectCode(env.a.del('/api/me', { password: PASSWORD }), 401, 'AUTH_LOGIN_REQUIRED');
    const res = await env.a.del('/api/me', { password: PASSWORD }, { token: u.accessToken });
    expect(res.body).toEqual({ success: true });

    await expectCode(env.a.post('/api/device-sessions', { username: u.username, password: PASSWORD }), 401, 'AUTH_INVALID_CREDENTIALS');
    await expectCode(env.a.get('/api/profile', { token: u.accessToken }), 401, 'AUTH_SESSION_EXPIRED');
    const msgs = await db.execute({ sql: 'SELECT sender_id, content FROM messages WHERE room_id = ? ORDER BY id', args: [roomId] });
    expect(msgs.rows.map((r) => [r.sender_id, r.content])).toEqual([
      [null, '[탈퇴한 사용자의 메시지]'],
      [v.userId, 'reply'],
    ]);
    const rooms = await db.execute({ sql: 'SELECT created_by FROM rooms WHERE id = ?', args: [roomId] });
    expect(rooms.rows[0]!.created_by).toBe(v.userId);
    const role = await db.execute({ sql: 'SELECT role FROM room_members WHERE room_id = ? AND user_id = ?', args: [roomId, v.userId] });
    expect(role.rows[0]!.role).toBe('admin');
    const reactions = await db.execute({ sql: 'SELECT COUNT(*) AS n FROM message_reactions WHERE user_id = ?', args: [u.userId] });
    expect(reactions.rows[0]!.n).toBe(0);
    // The name is free again.
    expect((await env.a.post('/api/register', { username: u.username, password: PASSWORD })).status).toBe(200);
  });

  it('empty rooms with files and pins are cleaned up by maintenance (origin FK failure fixed)', async () => {
    const db = env.t.server.db;
    const room = await db.execute("INSERT INTO rooms (name, type) VALUES ('empty', 'group') RETURNING id");
    const roomId = Number(room.rows[0]!.id);
    const u = await registerAndLogin(env.a);
    await db.batch([
      { sql: "INSERT INTO messages (room_id, sender_id, content) VALUES (?, ?, 'x')", args: [roomId, u.userId] },
      { sql: "INSERT INTO room_files (room_id, message_id, file_path, file_name) VALUES (?, last_insert_rowid(), 'a', 'a')", args: [roomId] },
      { sql: 'INSERT INTO pinned_messages (room_id, message_id) VALUES (?, (SELECT MAX(id) FROM messages))', args: [roomId] },
    ]);
    const results = await env.t.server.maintenance.runOnce();
    expect(results?.cleaned_empty_rooms).toBeGreaterThanOrEqual(1);
    const left = await db.execute({ sql: 'SELECT (SELECT COUNT(*) FROM rooms WHERE id = ?) + (SELECT COUNT(*) FROM messages WHERE room_id = ?) AS n', args: [roomId, roomId] });
    expect(left.rows[0]!.n).toBe(0);
    expect(env.t.server.maintenance.lastError).toBeNull();
  });
});
