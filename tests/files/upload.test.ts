import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorEnvelopeSchema } from '../../protocol/envelope.ts';
import { api } from '../helpers/http.ts';
import { createRoomDirect } from '../helpers/rooms.ts';
import { useServer, withServer } from '../helpers/suite.ts';
import { type User, users } from '../messages/fixture.ts';
import { PDF, download, png, upload, uploadOk } from './fixture.ts';

/** Every way an upload is refused, each with the JSON envelope and nothing left on disk; the
 * Content-Length and query checks that answer before the body is read; the file reaching disk
 * while the body is still arriving (streamed, not buffered); the scan hook. */

const LIMIT = 1024 * 1024; // MAX_CONTENT_LENGTH of this suite's server: 1 MiB
const env = useServer({ env: { MAX_CONTENT_LENGTH: String(LIMIT) } });
let alice: User, bob: User, outsider: User;
let room: number;
beforeAll(async () => {
  [alice, bob, outsider] = (await users(env.a, 3)) as [User, User, User];
  room = await createRoomDirect(env.t.server, [alice.userId, bob.userId]);
});

const uploadDir = () => env.t.server.config.uploadDir;
const stored = () => fs.readdirSync(uploadDir()).filter((n) => !['thumbs', 'profiles', 'tmp'].includes(n));

async function expectRefused(res: { status: number; body: unknown }, status: number, code: string) {
  expect({ status: res.status, code: (res.body as { error_code?: string }).error_code }).toEqual({ status, code });
  errorEnvelopeSchema.parse(res.body);
}

/** A multipart body written by hand (for parts FormData cannot express), sent with fetch. */
function rawMultipart(parts: Array<{ name: string; filename?: string; body: string }>) {
  const boundary = 'testboundary42';
  const text = parts
    .map((p) => `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ''}\r\n\r\n${p.body}\r\n`)
    .join('');
  return { body: `${text}--${boundary}--\r\n`, type: `multipart/form-data; boundary=${boundary}` };
}
async function postRaw(u: User | null, body: string, type: string, query = '') {
  const res = await fetch(`${env.t.url}/api/upload${query}`, { method: 'POST', body, headers: { 'content-type': type, ...(u ? { authorization: `Bearer ${u.accessToken}` } : {}) } });
  return { status: res.status, body: (await res.json()) as unknown };
}

describe('refusals (JSON envelope, nothing kept)', () => {
  let before: string[];
  beforeAll(() => {
    before = stored();
  });
  afterAll(() => {
    expect(stored()).toEqual(before);
    expect(fs.readdirSync(path.join(uploadDir(), 'tmp'))).toEqual([]);
  });

  it('anonymous: 401', async () => expectRefused(await upload(env.t.url, null, 'a.txt', 'a', { room }), 401, 'AUTH_LOGIN_REQUIRED'));
  it('no room_id: 400', async () => expectRefused(await upload(env.t.url, alice, 'a.txt', 'a', { room: null }), 400, 'UPLOAD_ROOM_ID_REQUIRED'));
  it('a malformed room_id: 400', async () => expectRefused(await upload(env.t.url, alice, 'a.txt', 'a', { room: 'abc' }), 400, 'UPLOAD_ROOM_ID_REQUIRED'));
  it('a room that does not exist: 403 like any room of others', async () => expectRefused(await upload(env.t.url, alice, 'a.txt', 'a', { room: 999_999 }), 403, 'ROOM_ACCESS_DENIED'));
  it('a non-member, room_id first or last: 403', async () => {
    await expectRefused(await upload(env.t.url, outsider, 'a.txt', 'a', { room }), 403, 'ROOM_ACCESS_DENIED');
    await expectRefused(await upload(env.t.url, outsider, 'a.txt', 'a', { room, order: 'file-first' }), 403, 'ROOM_ACCESS_DENIED');
  });
  it('a file over the limit: 413 JSON (streamed past the limit)', async () => {
    await expectRefused(await upload(env.t.url, alice, 'big.txt', 'x'.repeat(LIMIT + 1), { room }), 413, 'UPLOAD_TOO_LARGE');
  });
  it('a Content-Length over the limit: 413 JSON', async () => {
    await expectRefused(await upload(env.t.url, alice, 'big.txt', 'x'.repeat(2 * LIMIT), { room }), 413, 'UPLOAD_TOO_LARGE');
  });
  it('an extension off the allow-list: 400', async () => expectRefused(await upload(env.t.url, alice, 'run.exe', 'MZ...', { room }), 400, 'UPLOAD_TYPE_NOT_ALLOWED'));
  it('no extension: 400', async () => expectRefused(await upload(env.t.url, alice, 'README', 'text', { room }), 400, 'UPLOAD_TYPE_NOT_ALLOWED'));
  it('a .png that is not a PNG: 400', async () => expectRefused(await upload(env.t.url, alice, 'fake.png', 'just text', { room }), 400, 'UPLOAD_CONTENT_MISMATCH'));
  it('a .pdf that is a PNG: 400', async () => expectRefused(await upload(env.t.url, alice, 'fake.pdf', await png(4, 4), { room }), 400, 'UPLOAD_CONTENT_MISMATCH'));
  it('a .txt with NUL bytes: 400', async () => expectRefused(await upload(env.t.url, alice, 'bin.txt', new Uint8Array([104, 0, 105]), { room }), 400, 'UPLOAD_CONTENT_MISMATCH'));
  it('an .svg without <svg: 400', async () => expectRefused(await upload(env.t.url, alice, 'x.svg', 'hello', { room }), 400, 'UPLOAD_CONTENT_MISMATCH'));
  it('an empty file: 400', async () => expectRefused(await upload(env.t.url, alice, 'empty.txt', '', { room }), 400, 'UPLOAD_FILE_EMPTY'));
  it('no file part: 400', async () => {
    const m = rawMultipart([{ name: 'room_id', body: String(room) }]);
    await expectRefused(await postRaw(alice, m.body, m.type), 400, 'UPLOAD_FILE_MISSING');
  });
  it('an empty file name: 400', async () => {
    const m = rawMultipart([{ name: 'room_id', body: String(room) }, { name: 'file', filename: '', body: 'x' }]);
    await expectRefused(await postRaw(alice, m.body, m.type), 400, 'UPLOAD_FILE_NOT_SELECTED');
  });
  it('not multipart at all: 400', async () => expectRefused(await postRaw(alice, '{"room_id":1}', 'application/json'), 400, 'UPLOAD_ROOM_ID_REQUIRED'));
  it('a query room_id the form contradicts: 400', async () => {
    const m = rawMultipart([{ name: 'room_id', body: '12345' }, { name: 'file', filename: 'a.txt', body: 'x' }]);
    await expectRefused(await postRaw(alice, m.body, m.type, `?room_id=${room}`), 400, 'UPLOAD_ROOM_ID_REQUIRED');
  });
});

/** Send headers and part of a body by hand; resolve with the answer while the rest is unsent. */
function answerBeforeBody(opts: { path: string; token: string; contentLength: number; firstChunk: string; contentType: string }) {
  return new Promise<{ status: number; body: any }>((resolve, reject) => {
    const url = new URL(env.t.url + opts.path);
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname + url.search, method: 'POST', headers: { authorization: `Bearer ${opts.token}`, 'content-type': opts.contentType, 'content-length': String(opts.contentLength) } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => {
        req.destroy();
        resolve({ status: res.statusCode!, body: JSON.parse(text) });
      });
    });
    req.on('error', reject);
    req.write(opts.firstChunk); // the rest of contentLength is never sent
  });
}

describe('answers before the body is read', () => {
  const type = 'multipart/form-data; boundary=b';
  it('a Content-Length over the limit: 413 while the body is still unsent', async () => {
    const res = await answerBeforeBody({ path: '/api/upload', token: alice.accessToken, contentLength: 100 * LIMIT, firstChunk: '--b\r\n', contentType: type });
    expect({ status: res.status, code: res.body.error_code }).toEqual({ status: 413, code: 'UPLOAD_TOO_LARGE' });
  });
  it('a non-member naming the room in the query: 403 while the body is still unsent', async () => {
    const res = await answerBeforeBody({ path: `/api/upload?room_id=${room}`, token: outsider.accessToken, contentLength: LIMIT / 2, firstChunk: '--b\r\n', contentType: type });
    expect({ status: res.status, code: res.body.error_code }).toEqual({ status: 403, code: 'ROOM_ACCESS_DENIED' });
  });
});

describe('accepted uploads', () => {
  it('streams the file to disk while the body is still arriving (never buffered whole)', async () => {
    const tmp = path.join(uploadDir(), 'tmp');
    const head = `--b\r\nContent-Disposition: form-data; name="room_id"\r\n\r\n${room}\r\n--b\r\nContent-Disposition: form-data; name="file"; filename="stream.txt"\r\n\r\n`;
    const tail = '\r\n--b--\r\n';
    const half = 'a'.repeat(LIMIT / 2);
    const url = new URL(env.t.url);
    const answer = new Promise<number>((resolve, reject) => {
      const req = http.request({ host: url.hostname, port: url.port, path: '/api/upload', method: 'POST', headers: { authorization: `Bearer ${alice.accessToken}`, 'content-type': 'multipart/form-data; boundary=b', 'content-length': String(head.length + 2 * half.length + tail.length) } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode!));
      });
      req.on('error', reject);
      req.write(head + half);
      // The second half goes only once the first is on disk in the temporary file.
      const poll = setInterval(() => {
        const part = fs.readdirSync(tmp).map((n) => fs.statSync(path.join(tmp, n)).size)[0] ?? 0;
        if (part < half.length / 2) return;
        clearInterval(poll);
        req.end(half + tail);
      }, 10);
    });
    expect(await answer).toBe(200);
  });

  it('an SVG is accepted as a file and only ever downloaded as a sandboxed attachment', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>';
    const up = await uploadOk(env.t.url, alice, room, 'drawing.svg', svg);
    expect(up.file_type).toBe('file');
    await env.t.server.db.execute({ sql: 'INSERT INTO room_files (room_id, file_path, file_name, file_type, uploaded_by) VALUES (?, ?, ?, ?, ?)', args: [room, up.file_path, up.file_name, up.file_type, alice.userId] });
    const res = await download(env.t.url, up.file_path, bob.accessToken);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toMatch(/\bsandbox\b/);
  });

  it('office documents and archives pass the magic check (docx is a zip)', async () => {
    const zip = new Uint8Array([0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)]); // an empty zip
    expect((await upload(env.t.url, alice, 'empty.zip', zip, { room })).status).toBe(200);
    expect((await upload(env.t.url, alice, 'report.docx', zip, { room })).status).toBe(200);
    expect((await upload(env.t.url, alice, 'report.pdf', PDF, { room })).status).toBe(200);
  });
});

describe('the scan hook (UPLOAD_SCAN_COMMAND)', () => {
  it('a non-zero exit refuses the upload; a clean file gets its token; a missing scanner fails closed', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scan-'));
    const script = path.join(dir, 'scan.sh');
    fs.writeFileSync(script, '#!/bin/sh\nif grep -q EICAR "$2"; then echo "found: EICAR"; exit 1; fi\nexit 0\n', { mode: 0o755 });
    try {
      await withServer({ env: { UPLOAD_SCAN_COMMAND: `${script} --no-summary {path}` } }, async (t) => {
        const [u, v] = (await users(api(t.url), 2)) as [User, User];
        const r = await createRoomDirect(t.server, [u.userId, v.userId]);
        const bad = await upload(t.url, u, 'virus.txt', 'X5O!P%@AP EICAR test', { room: r });
        expect({ status: bad.status, code: bad.body.error_code }).toEqual({ status: 400, code: 'UPLOAD_SCAN_BLOCKED' });
        expect((await upload(t.url, u, 'fine.txt', 'all good', { room: r })).status).toBe(200);
        const names = fs.readdirSync(t.server.config.uploadDir).filter((n) => n.endsWith('.txt'));
        expect(names).toHaveLength(1);
      });
      await withServer({ env: { UPLOAD_SCAN_COMMAND: path.join(dir, 'no-such-scanner') } }, async (t) => {
        const [u, v] = (await users(api(t.url), 2)) as [User, User];
        const r = await createRoomDirect(t.server, [u.userId, v.userId]);
        const res = await upload(t.url, u, 'fine.txt', 'all good', { room: r });
        expect({ status: res.status, code: res.body.error_code }).toEqual({ status: 400, code: 'UPLOAD_SCAN_PROVIDER_MISSING' });
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
