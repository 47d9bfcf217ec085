import fs from 'node:fs';
import { Readable } from 'node:stream';
import { Hono } from 'hono';
import { imageExtensions } from '../../protocol/rest/files.ts';
import { requireAuth } from '../auth/middleware.ts';
import { ApiError } from '../http/api-error.ts';
import type { AppEnv } from '../http/env.ts';
import type { Ctx } from '../http/route.ts';
import type { Membership } from '../members/membership.ts';
import type { FileRepo } from './repo.ts';
import { PROFILE_RE, ROOM_FILE_RE, THUMB_RE, type UploadStorage } from './storage.ts';
import { extensionOf, mimeOf } from './types.ts';

/** GET /uploads/<path>: bytes, so outside the JSON route table, behind the same access check
 * (the app's authenticate middleware; 401 without a live session). Room files and thumbnails:
 * members of the file's room only, and only once send_message has made the room file row (404
 * before, as the origin); profile images: any signed-in user. No bytes are read before the check. */

/** A downloaded document may be opened in a tab: it runs nothing and loads nothing but itself. */
const DOWNLOAD_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox";

/** RFC 6266 / 5987: an ASCII fallback plus the exact UTF-8 name. */
export function contentDisposition(kind: 'inline' | 'attachment', fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** One `bytes=` range of a file of `size` bytes: {start, end} inclusive, 'invalid' (ignored:
 * the whole file), or 'unsatisfiable' (416). Several ranges are answered with the whole file. */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'none' | 'unsatisfiable' {
  const m = header?.match(/^bytes=(\d*)-(\d*)$/);
  if (!m || (m[1] === '' && m[2] === '')) return 'none';
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || start > end) return 'unsatisfiable';
  return { start, end };
}

export function downloadRoutes(deps: { files: FileRepo; storage: UploadStorage; membership: Membership }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/uploads/*', async (c) => {
    const auth = requireAuth(c);
    const stored = c.req.path.slice('/uploads/'.length);
    let fileName: string;
    let cacheControl = 'private, no-store';
    if (PROFILE_RE.test(stored)) {
      fileName = stored.slice('profiles/'.length);
      cacheControl = 'private, max-age=3600';
    } else if (ROOM_FILE_RE.test(stored) || THUMB_RE.test(stored)) {
      const owner = await deps.files.roomOfPath(stored);
      if (!owner) throw new ApiError('FILE_NOT_FOUND');
      if (!(await deps.membership.isMember(auth.userId, owner.roomId))) throw new ApiError('ROOM_ACCESS_DENIED');
      fileName = THUMB_RE.test(stored) ? `${owner.fileName}.webp` : owner.fileName;
    } else {
      throw new ApiError('FILE_NOT_FOUND');
    }
    return serveFile(c, deps.storage.resolve(stored)!, stored, fileName, cacheControl);
  });

  return app;
}

async function serveFile(c: Ctx, abs: string, stored: string, fileName: string, cacheControl: string): Promise<Response> {
  const st = await fs.promises.stat(abs).catch(() => null);
  if (!st?.isFile()) throw new ApiError('FILE_NOT_FOUND');
  const ext = extensionOf(stored);
  // Stored files never change (random names): the name and size identify the bytes.
  const etag = `"${stored.replace(/\W/g, '')}-${st.size.toString(16)}"`;
  const headers: Record<string, string> = {
    'Content-Type': mimeOf(ext),
    // Images are shown in place; anything else (SVG included: it can carry script) downloads.
    'Content-Disposition': contentDisposition((imageExtensions as readonly string[]).includes(ext) ? 'inline' : 'attachment', fileName),
    'Content-Security-Policy': DOWNLOAD_CSP,
    'Cache-Control': cacheControl,
    'Accept-Ranges': 'bytes',
    ETag: etag,
  };
  if (c.req.header('if-none-match')?.split(',').some((t) => t.trim() === etag)) return c.body(null, 304, headers);

  const ifRange = c.req.header('if-range');
  const range = ifRange && ifRange !== etag ? 'none' : parseRange(c.req.header('range'), st.size);
  if (range === 'unsatisfiable') return c.body(null, 416, { ...headers, 'Content-Range': `bytes */${st.size}` });
  const { start, end } = range === 'none' ? { start: 0, end: st.size - 1 } : range;
  headers['Content-Length'] = String(end - start + 1);
  if (range !== 'none') headers['Content-Range'] = `bytes ${start}-${end}/${st.size}`;
  if (c.req.method === 'HEAD') return c.body(null, range === 'none' ? 200 : 206, headers);
  const body = Readable.toWeb(fs.createReadStream(abs, { start, end })) as unknown as ReadableStream<Uint8Array>;
  return c.body(body, range === 'none' ? 200 : 206, headers);
}
