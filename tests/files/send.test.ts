import fs from 'node:fs';
import path from 'node:path';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newMessageEventSchema } from '../../protocol/events/server.ts';
import { roomFilesResponseSchema } from '../../protocol/rest/files.ts';
import { api as apiOf } from '../helpers/http.ts';
import { createRoomDirect } from '../helpers/rooms.ts';
import { collect, nextEvent, roundTrip } from '../helpers/socket.ts';
import { useServer, withServer } from '../helpers/suite.ts';
import { type User, closeSockets, expectAckError, socketOf, users } from '../messages/fixture.ts';
import { PDF, download, png, sendFile, upload, uploadOk } from './fixture.ts';

/** Upload → token → send_message → new_message, the token's rules, idempotent resends, Unicode names. */

const env = useServer();
let alice: User, bob: User, carol: User;
let aliceS: Socket, bobS: Socket;
let room: number, other: number;
beforeAll(async () => {
  [alice, bob, carol] = (await users(env.a, 3)) as [User, User, User];
  room = await createRoomDirect(env.t.server, [alice.userId, bob.userId]);
  other = await createRoomDirect(env.t.server, [alice.userId, carol.userId]);
  [aliceS, bobS] = await Promise.all([alice, bob].map((u) => socketOf(env.t, u)));
});
afterAll(() => closeSockets());

const dbRow = async (sql: string, args: Array<string | number>) => (await env.t.server.db.execute({ sql, args })).rows[0];

describe('upload then send', () => {
  it('a file message carries type, path and name (content = name); the room file row appears; the token is single use', async () => {
    const up = await uploadOk(env.t.url, alice, room, 'notes.txt', 'hello\n');
    expect(up).toMatchObject({ success: true, file_name: 'notes.txt', file_type: 'file', file_size: 6, thumbnail_path: null });
    expect(up.upload_token).toMatch(/^[\w-]{43}$/);
    // Only the hash is stored.
    expect(await dbRow('SELECT 1 FROM upload_tokens WHERE token_hash = ?', [up.upload_token])).toBeUndefined();
    // No room file (and no download) before send_message.
    expect((await download(env.t.url, up.file_path, alice.accessToken)).status).toBe(404);

    const heard = nextEvent(bobS, 'new_message', (m: { message_type: string }) => m.message_type === 'file');
    const ack = await sendFile(aliceS, room, up);
    expect(ack).toMatchObject({ ok: true });
    const msg = newMessageEventSchema.parse(await heard);
    expect(msg).toMatchObject({ id: ack.message_id, message_type: 'file', file_path: up.file_path, file_name: 'notes.txt', content: 'notes.txt', encrypted: 0, thumbnail_path: null });

    const list = roomFilesResponseSchema.parse((await env.a.get(`/api/rooms/${room}/files`, { token: bob.accessToken })).body);
    expect(list[0]).toMatchObject({ message_id: ack.message_id, file_path: up.file_path, file_name: 'notes.txt', file_size: 6, file_type: 'file', uploaded_by: alice.userId });

    await expectAckError(aliceS, 'send_message', { room_id: room, type: 'file', upload_token: up.upload_token, client_msg_id: 'another' }, 'UPLOAD_TOKEN_USED_OR_EXPIRED');
  });

  it('keeps a Korean name exactly: answer, new_message, list and Content-Disposition', async () => {
    const name = '보고서 2026 (최종).pdf';
    const up = await uploadOk(env.t.url, alice, room, name, PDF);
    expect(up.file_name).toBe(name);
    expect(up.file_path).not.toContain('보고서'); // stored under a random name
    const heard = nextEvent(bobS, 'new_message', (m: { file_path: string | null }) => m.file_path === up.file_path);
    expect(await sendFile(aliceS, room, up)).toMatchObject({ ok: true });
    expect(await heard).toMatchObject({ file_name: name, content: name });
    const list = (await env.a.get(`/api/rooms/${room}/files`, { token: alice.accessToken })).body as Array<{ file_name: string; file_path: string }>;
    expect(list.find((f) => f.file_path === up.file_path)?.file_name).toBe(name);
    const res = await download(env.t.url, up.file_path, bob.accessToken);
    expect(res.status).toBe(200);
    const cd = res.headers.get('content-disposition')!;
    expect(cd.startsWith('attachment;')).toBe(true);
    expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(cd)![1]!)).toBe(name);
    expect(new TextDecoder().decode(res.bytes)).toBe(PDF);
  });

  it('an image message gets a thumbnail path, served to members', async () => {
    const up = await uploadOk(env.t.url, alice, room, '사진.png', await png(1200, 800));
    expect(up.file_type).toBe('image');
    expect(up.thumbnail_path).toMatch(/^thumbs\/[0-9a-f]{32}\.webp$/);
    const heard = nextEvent(bobS, 'new_message', (m: { file_path: string | null }) => m.file_path === up.file_path);
    expect(await sendFile(aliceS, room, up)).toMatchObject({ ok: true });
    expect(await heard).toMatchObject({ message_type: 'image', thumbnail_path: up.thumbnail_path });
    const page = (await env.a.get(`/api/rooms/${room}/messages`, { token: bob.accessToken })).body as { messages: Array<{ file_path: string | null; thumbnail_path?: string | null }> };
    expect(page.messages.find((m) => m.file_path === up.file_path)?.thumbnail_path).toBe(up.thumbnail_path);
  });
});

describe('token misuse: ACK {ok:false} with the reason, and no new_message', () => {
  let heardByBob: unknown[];
  beforeAll(() => {
    heardByBob = collect(bobS, 'new_message');
  });

  it('other user, other room, other type, unknown token, no token', async () => {
    const up = await uploadOk(env.t.url, alice, room, 'a.txt', 'a');
    const bobSelf = await socketOf(env.t, bob);
    await expectAckError(bobSelf, 'send_message', { room_id: room, type: 'file', upload_token: up.upload_token }, 'UPLOAD_TOKEN_USER_MISMATCH');
    await expectAckError(aliceS, 'send_message', { room_id: other, type: 'file', upload_token: up.upload_token }, 'UPLOAD_TOKEN_ROOM_MISMATCH');
    await expectAckError(aliceS, 'send_message', { room_id: room, type: 'image', upload_token: up.upload_token }, 'UPLOAD_TOKEN_TYPE_MISMATCH');
    await expectAckError(aliceS, 'send_message', { room_id: room, type: 'file', upload_token: 'x'.repeat(43) }, 'UPLOAD_TOKEN_INVALID');
    await expectAckError(aliceS, 'send_message', { room_id: room, type: 'file' }, 'UPLOAD_TOKEN_REQUIRED');
    await roundTrip(bobS);
    expect(heardByBob).toEqual([]);
    // After all that misuse, the rightful send still works: misuse does not burn the token.
    expect(await sendFile(aliceS, room, up)).toMatchObject({ ok: true });
  });

  it('a token whose file is gone from disk is refused', async () => {
    const up = await uploadOk(env.t.url, alice, room, 'gone.txt', 'g');
    fs.rmSync(path.join(env.t.server.config.uploadDir, up.file_path));
    await expectAckError(aliceS, 'send_message', { room_id: room, type: 'file', upload_token: up.upload_token }, 'UPLOAD_FILE_NOT_FOUND');
  });

  it('an expired token is refused (a server whose tokens live 0 ms)', async () => {
    await withServer({ tuning: { uploadTokenTtlMs: 0 } }, async (t) => {
      const [u, v] = (await users(apiOf(t.url), 2)) as [User, User];
      const r = await createRoomDirect(t.server, [u.userId, v.userId]);
      const s = await socketOf(t, u);
      const up = await uploadOk(t.url, u, r, 'late.txt', 'late');
      await expectAckError(s, 'send_message', { room_id: r, type: 'file', upload_token: up.upload_token }, 'UPLOAD_TOKEN_EXPIRED');
      s.close();
    });
  });
});

describe('idempotency and concurrency', () => {
  it('resending the same client_msg_id with the same token answers the first message, broadcast once', async () => {
    const up = await uploadOk(env.t.url, alice, room, 'twice.txt', 'twice');
    const seen = collect<{ file_path: string | null }>(bobS, 'new_message');
    const first = await sendFile(aliceS, room, up, 'same-id');
    const again = await sendFile(aliceS, room, up, 'same-id');
    expect(first).toMatchObject({ ok: true });
    expect(again).toMatchObject({ ok: true, message_id: first.message_id, duplicate: true });
    await roundTrip(bobS);
    expect(seen.filter((m) => m.file_path === up.file_path)).toHaveLength(1);
  });

  it('concurrent sends of one token: exactly one message, one room file', async () => {
    const up = await uploadOk(env.t.url, alice, room, 'race.txt', 'race');
    const acks = await Promise.all(Array.from({ length: 8 }, (_, i) => sendFile(aliceS, room, up, `race-${i}`)));
    expect(acks.filter((a) => a.ok)).toHaveLength(1);
    for (const a of acks.filter((x) => !x.ok)) expect(a.error_code).toMatch(/^UPLOAD_TOKEN_USED_OR_EXPIRED$/);
    const n = await dbRow('SELECT COUNT(*) AS n FROM room_files WHERE file_path = ?', [up.file_path]);
    expect(Number(n!.n)).toBe(1);
  });

  it('concurrent resends of one client_msg_id: one message, every ACK names it', async () => {
    const up = await uploadOk(env.t.url, alice, room, 'resend.txt', 'resend');
    const acks = await Promise.all(Array.from({ length: 5 }, () => sendFile(aliceS, room, up, 'burst-id')));
    const ids = new Set(acks.map((a) => a.message_id));
    expect(acks.every((a) => a.ok)).toBe(true);
    expect(ids.size).toBe(1);
  });
});

describe('upload answers with the JSON envelope (happy path done above)', () => {
  it('accepts room_id after the file too (stored to a temporary file, kept once membership is known)', async () => {
    const res = await upload(env.t.url, alice, 'late-room.txt', 'x', { room, order: 'file-first' });
    expect(res.status).toBe(200);
    const res2 = await upload(env.t.url, carol, 'not-mine.txt', 'x', { room, order: 'file-first' });
    expect(res2.status).toBe(403);
    expect(fs.readdirSync(path.join(env.t.server.config.uploadDir, 'tmp'))).toEqual([]);
  });
});

