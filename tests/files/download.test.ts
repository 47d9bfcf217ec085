import sharp from 'sharp';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { THUMBNAIL_MAX_PX, type UploadResponse } from '../../protocol/rest/files.ts';
import { createRoomDirect } from '../helpers/rooms.ts';
import { useServer } from '../helpers/suite.ts';
import { type User, closeSockets, socketOf, users } from '../messages/fixture.ts';
import { download, jpeg, png, sendFile, uploadOk } from './fixture.ts';

/** GET /uploads/<path>: who gets bytes, and how they are served (disposition, ranges, ETag,
 * caching); thumbnails made at upload. */

const env = useServer();
let alice: User, bob: User, outsider: User;
let aliceS: Socket;
let room: number;
let image: UploadResponse, pngBytes: Uint8Array;
let doc: UploadResponse;
const docBytes = new TextEncoder().encode('0123456789abcdefghij'.repeat(50)); // 1000 bytes

beforeAll(async () => {
  [alice, bob, outsider] = (await users(env.a, 3)) as [User, User, User];
  room = await createRoomDirect(env.t.server, [alice.userId, bob.userId]);
  aliceS = await socketOf(env.t, alice);
  pngBytes = await png(1600, 900);
  image = await uploadOk(env.t.url, alice, room, '풍경 photo.png', pngBytes);
  doc = await uploadOk(env.t.url, alice, room, '회의록.txt', docBytes);
  for (const up of [image, doc]) expect(await sendFile(aliceS, room, up)).toMatchObject({ ok: true });
});
afterAll(() => closeSockets());

describe('who gets the bytes', () => {
  it('a member gets the original, byte-identical', async () => {
    const res = await download(env.t.url, image.file_path, bob.accessToken);
    expect(res.status).toBe(200);
    expect(Buffer.from(res.bytes).equals(Buffer.from(pngBytes))).toBe(true);
  });

  it('a non-member gets 403 and an anonymous caller 401: JSON, no bytes of the file', async () => {
    for (const [token, status, code] of [[outsider.accessToken, 403, 'ROOM_ACCESS_DENIED'], [null, 401, 'AUTH_LOGIN_REQUIRED']] as const) {
      for (const p of [image.file_path, image.thumbnail_path!, doc.file_path]) {
        const res = await download(env.t.url, p, token);
        expect({ status: res.status, code: res.json().error_code }).toEqual({ status, code });
        expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      }
    }
  });

  it('unknown and malformed paths are 404 (never a path outside the uploads folder)', async () => {
    for (const p of ['0123456789abcdef0123456789abcdef.png', '..%2f..%2fmessenger.db', 'tmp/x.part', 'profiles/../../secrets.json', 'thumbs/abc.webp']) {
      const res = await download(env.t.url, p, bob.accessToken);
      expect(res.status, p).toBe(404);
    }
  });
});

describe('how it is served', () => {
  it('images inline, other files as attachments; RFC 5987 names; nosniff; private, no-store; ETag', async () => {
    const img = await download(env.t.url, image.file_path, bob.accessToken);
    expect(img.headers.get('content-type')).toBe('image/png');
    expect(img.headers.get('content-disposition')).toBe(`inline; filename="__ photo.png"; filename*=UTF-8''${encodeURIComponent('풍경 photo.png')}`);
    const txt = await download(env.t.url, doc.file_path, bob.accessToken);
    expect(txt.headers.get('content-disposition')).toMatch(/^attachment; filename="[^"]*"; filename\*=UTF-8''/);
    for (const res of [img, txt]) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('cache-control')).toBe('private, no-store');
      expect(res.headers.get('etag')).toMatch(/^"[\w-]+"$/);
      expect(res.headers.get('accept-ranges')).toBe('bytes');
    }
  });

  it('If-None-Match with the ETag: 304 without a body', async () => {
    const first = await download(env.t.url, doc.file_path, bob.accessToken);
    const again = await download(env.t.url, doc.file_path, bob.accessToken, { 'if-none-match': first.headers.get('etag')! });
    expect(again.status).toBe(304);
    expect(again.bytes.length).toBe(0);
  });

  it('ranges: 206 with Content-Range for a closed, open and suffix range; 416 past the end', async () => {
    const cases: Array<[string, number, number]> = [['bytes=0-9', 0, 9], ['bytes=990-', 990, 999], ['bytes=-5', 995, 999], ['bytes=100-5000', 100, 999]];
    for (const [range, start, end] of cases) {
      const res = await download(env.t.url, doc.file_path, bob.accessToken, { range });
      expect(res.status, range).toBe(206);
      expect(res.headers.get('content-range')).toBe(`bytes ${start}-${end}/1000`);
      expect(Buffer.from(res.bytes).equals(Buffer.from(docBytes.subarray(start, end + 1)))).toBe(true);
    }
    const past = await download(env.t.url, doc.file_path, bob.accessToken, { range: 'bytes=1000-' });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe('bytes */1000');
    // A non-member gets no range either.
    expect((await download(env.t.url, doc.file_path, outsider.accessToken, { range: 'bytes=0-9' })).status).toBe(403);
  });
});

describe('thumbnails', () => {
  it('a PNG gets a WebP thumbnail at most 480 px, aspect kept, served to members', async () => {
    const res = await download(env.t.url, image.thumbnail_path!, bob.accessToken);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/webp');
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const meta = await sharp(res.bytes).metadata();
    expect(meta.format).toBe('webp');
    expect(meta.width).toBe(THUMBNAIL_MAX_PX);
    expect(meta.height).toBe(270);
  });

  it('a JPEG too; a small image is never enlarged', async () => {
    const big = await uploadOk(env.t.url, alice, room, 'tall.jpg', await jpeg(600, 1200));
    const small = await uploadOk(env.t.url, alice, room, 'icon.png', await png(40, 30));
    for (const up of [big, small]) expect(await sendFile(aliceS, room, up)).toMatchObject({ ok: true });
    const meta = async (p: string) => sharp((await download(env.t.url, p, bob.accessToken)).bytes).metadata();
    expect(await meta(big.thumbnail_path!)).toMatchObject({ format: 'webp', width: 240, height: 480 });
    expect(await meta(small.thumbnail_path!)).toMatchObject({ format: 'webp', width: 40, height: 30 });
  });

  it('the room file list carries the thumbnail path (and ?type=image filters)', async () => {
    const list = (await env.a.get(`/api/rooms/${room}/files?type=image`, { token: bob.accessToken })).body as Array<{ file_path: string; thumbnail_path: string | null; file_type: string }>;
    expect(list.every((f) => f.file_type === 'image')).toBe(true);
    expect(list.find((f) => f.file_path === image.file_path)?.thumbnail_path).toBe(image.thumbnail_path);
    expect((await env.a.get(`/api/rooms/${room}/files?type=video`, { token: bob.accessToken })).body).toEqual([]);
  });
});
