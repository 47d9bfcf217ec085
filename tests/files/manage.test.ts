import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userProfileUpdatedEventSchema } from '../../protocol/events/server.ts';
import type { UploadResponse } from '../../protocol/rest/files.ts';
import { createRoomDirect } from '../helpers/rooms.ts';
import { collect, nextEvent, roundTrip } from '../helpers/socket.ts';
import { useServer } from '../helpers/suite.ts';
import { type User, closeSockets, expectError, socketOf, users } from '../messages/fixture.ts';
import { download, png, sendFile, upload, uploadOk } from './fixture.ts';

/** The room file list and its delete rules; deleting a file message; profile images. */

const env = useServer();
let owner: User, member: User, uploader: User, outsider: User;
let ownerS: Socket, memberS: Socket, uploaderS: Socket;
let room: number;
beforeAll(async () => {
  [owner, member, uploader, outsider] = (await users(env.a, 4)) as [User, User, User, User];
  // The first member is the room admin (createRoomDirect).
  room = await createRoomDirect(env.t.server, [owner.userId, member.userId, uploader.userId]);
  [ownerS, memberS, uploaderS] = await Promise.all([owner, member, uploader].map((u) => socketOf(env.t, u)));
});
afterAll(() => closeSockets());

const onDisk = (p: string) => fs.existsSync(path.join(env.t.server.config.uploadDir, p));
const list = async (u: User) => (await env.a.get(`/api/rooms/${room}/files`, { token: u.accessToken })).body as Array<{ id: number; file_path: string; message_id: number }>;
const delFile = (u: User, id: number | string) => env.a.del(`/api/rooms/${room}/files/${id}`, undefined, { token: u.accessToken });

async function sent(name = 'pic.png'): Promise<UploadResponse & { id: number; message_id: number }> {
  const up = await uploadOk(env.t.url, uploader, room, name, await png(600, 400));
  const ack = await sendFile(uploaderS, room, up);
  const row = (await list(uploader)).find((f) => f.file_path === up.file_path)!;
  expect(row.message_id).toBe(ack.message_id);
  return { ...up, id: row.id, message_id: ack.message_id };
}

describe('GET /api/rooms/:id/files', () => {
  it('members only: non-member 403, anonymous 401, malformed id 404', async () => {
    await expectError(env.a.get(`/api/rooms/${room}/files`, { token: outsider.accessToken }), 403, 'ROOM_ACCESS_DENIED');
    await expectError(env.a.get(`/api/rooms/${room}/files`), 401, 'AUTH_LOGIN_REQUIRED');
    await expectError(env.a.get('/api/rooms/abc/files', { token: owner.accessToken }), 404, 'ROOM_NOT_FOUND');
  });

  it('newest first, with uploader name and size', async () => {
    const a = await sent('a.png');
    const b = await sent('b.png');
    const rows = (await list(member)) as unknown as Array<{ id: number; uploader_name: string; file_size: number }>;
    expect(rows.map((r) => r.id).slice(0, 2)).toEqual([b.id, a.id]);
    expect(rows[0]).toMatchObject({ uploader_name: `Nick ${uploader.username}`, file_size: b.file_size });
  });
});

describe('DELETE /api/rooms/:id/files/:file_id', () => {
  it('another member is refused and nothing changes', async () => {
    const f = await sent();
    await expectError(delFile(member, f.id), 403, 'FILE_DELETE_FORBIDDEN');
    await expectError(delFile(outsider, f.id), 403, 'ROOM_ACCESS_DENIED');
    expect(onDisk(f.file_path)).toBe(true);
    expect((await list(member)).some((x) => x.id === f.id)).toBe(true);
  });

  it('the uploader deletes: gone from disk (thumbnail too) and list; message_deleted; the message is a deleted placeholder', async () => {
    const f = await sent();
    const heard = nextEvent(memberS, 'message_deleted', (e: { message_id: number }) => e.message_id === f.message_id);
    const res = await delFile(uploader, f.id);
    expect(res).toMatchObject({ status: 200, body: { success: true } });
    expect(await heard).toEqual({ room_id: room, message_id: f.message_id });
    expect(onDisk(f.file_path)).toBe(false);
    expect(onDisk(f.thumbnail_path!)).toBe(false);
    expect((await list(member)).some((x) => x.id === f.id)).toBe(false);
    const page = (await env.a.get(`/api/rooms/${room}/messages`, { token: member.accessToken })).body as { messages: Array<Record<string, unknown>> };
    expect(page.messages.find((m) => m.id === f.message_id)).toMatchObject({ content: '[삭제된 메시지]', file_path: null, file_name: null, thumbnail_path: null });
    expect((await download(env.t.url, f.file_path, member.accessToken)).status).toBe(404);
    // Again: the file is gone.
    await expectError(delFile(uploader, f.id), 404, 'FILE_NOT_FOUND');
  });

  it('a room admin deletes another member\'s file', async () => {
    const f = await sent();
    expect((await delFile(owner, f.id)).status).toBe(200);
    expect(onDisk(f.file_path)).toBe(false);
  });

  it('unknown and malformed file ids: 404', async () => {
    await expectError(delFile(owner, 999_999), 404, 'FILE_NOT_FOUND');
    await expectError(delFile(owner, 'x'), 404, 'FILE_NOT_FOUND');
  });

  it('deleting the file message itself (DELETE /api/messages/:id) removes the file from disk and list', async () => {
    const f = await sent();
    expect((await env.a.del(`/api/messages/${f.message_id}`, undefined, { token: uploader.accessToken })).status).toBe(200);
    expect(onDisk(f.file_path)).toBe(false);
    expect((await list(member)).some((x) => x.id === f.id)).toBe(false);
  });
});

describe('account deletion', () => {
  it("takes the user's files out of the room lists and lets maintenance remove them from disk", async () => {
    const [leaver] = (await users(env.a, 1)) as [User];
    await env.t.server.db.execute({ sql: 'INSERT INTO room_members (room_id, user_id) VALUES (?, ?)', args: [room, leaver.userId] });
    env.t.server.membership.changed(room, [leaver.userId], []);
    const s = await socketOf(env.t, leaver);
    const up = await uploadOk(env.t.url, leaver, room, 'mine.txt', 'mine');
    expect(await sendFile(s, room, up)).toMatchObject({ ok: true });
    expect((await env.a.del('/api/me', { password: 'Password123!' }, { token: leaver.accessToken })).status).toBe(200);
    expect((await list(member)).some((f) => f.file_path === up.file_path)).toBe(false);
    // Past the grace period (the file's mtime moved back), the orphan clean-up removes it.
    const abs = path.join(env.t.server.config.uploadDir, up.file_path);
    const old = new Date(Date.now() - 3_600_000);
    fs.utimesSync(abs, old, old);
    await env.t.server.maintenance.runOnce();
    expect(env.t.server.maintenance.lastResults?.cleaned_orphan_uploads).toBeGreaterThanOrEqual(1);
    expect(fs.existsSync(abs)).toBe(false);
  });
});

describe('profile images', () => {
  const post = (u: User | null, name: string, bytes: Uint8Array | string) => upload(env.t.url, u, name, bytes, { path: '/api/profile/image', room: null });

  it('set: stored as a WebP under profiles/, visible in the profile and to room members, user_profile_updated', async () => {
    const heard = nextEvent(memberS, 'user_profile_updated', (e: { user_id: number }) => e.user_id === owner.userId);
    const res = await post(owner, 'me.jpg', await sharp({ create: { width: 900, height: 900, channels: 3, background: '#888' } }).jpeg().toBuffer().then((b) => new Uint8Array(b)));
    expect(res.status).toBe(200);
    const image = res.body.profile_image as string;
    expect(image).toMatch(/^profiles\/\d+_[0-9a-f]{32}\.webp$/);
    expect(userProfileUpdatedEventSchema.parse(await heard)).toMatchObject({ user_id: owner.userId, profile_image: image });
    expect((await env.a.get('/api/profile', { token: owner.accessToken })).body.profile_image).toBe(image);
    const info = (await env.a.get(`/api/rooms/${room}/info`, { token: member.accessToken })).body as { members: Array<{ id: number; profile_image: string | null }> };
    expect(info.members.find((m) => m.id === owner.userId)?.profile_image).toBe(image);
    // Any signed-in user may fetch it (cached privately); anonymous may not.
    const got = await download(env.t.url, image, outsider.accessToken);
    expect(got.status).toBe(200);
    expect(got.headers.get('cache-control')).toBe('private, max-age=3600');
    expect(await sharp(got.bytes).metadata()).toMatchObject({ format: 'webp', width: 512, height: 512 });
    expect((await download(env.t.url, image, null)).status).toBe(401);

    // A second image replaces the first, which leaves the disk.
    const again = await post(owner, 'me2.png', await png(64, 64));
    expect(again.status).toBe(200);
    expect(onDisk(image)).toBe(false);
    expect(onDisk(again.body.profile_image)).toBe(true);
  });

  it('the same validation: not an image, a fake image, empty, too large, anonymous', async () => {
    await expectError(post(member, 'doc.pdf', '%PDF-1.4'), 400, 'PROFILE_IMAGE_NOT_IMAGE');
    await expectError(post(member, 'fake.png', 'not a png'), 400, 'PROFILE_IMAGE_INVALID');
    await expectError(post(member, 'empty.png', ''), 400, 'UPLOAD_FILE_EMPTY');
    await expectError(post(member, 'huge.png', new Uint8Array(5 * 1024 * 1024 + 1)), 413, 'PROFILE_IMAGE_TOO_LARGE');
    await expectError(post(null, 'a.png', await png(8, 8)), 401, 'AUTH_LOGIN_REQUIRED');
    expect((await env.a.get('/api/profile', { token: member.accessToken })).body.profile_image).toBeNull();
  });

  it('delete: profile_image back to null, file gone, user_profile_updated', async () => {
    const set = await post(uploader, 'u.png', await png(32, 32));
    const image = set.body.profile_image as string;
    const heard = nextEvent(ownerS, 'user_profile_updated', (e: { user_id: number; profile_image: string | null }) => e.user_id === uploader.userId && e.profile_image === null);
    expect((await env.a.del('/api/profile/image', undefined, { token: uploader.accessToken })).body).toEqual({ success: true });
    await heard;
    expect(onDisk(image)).toBe(false);
    expect((await env.a.get('/api/profile', { token: uploader.accessToken })).body.profile_image).toBeNull();
    // Deleting when there is none succeeds quietly.
    const quiet = collect(ownerS, 'user_profile_updated');
    expect((await env.a.del('/api/profile/image', undefined, { token: uploader.accessToken })).status).toBe(200);
    await roundTrip(ownerS);
    expect(quiet).toEqual([]);
  });
});
