import crypto from 'node:crypto';
import path from 'node:path';
import { legacySha256Hash } from '../auth/passwords.ts';

/** Pure conversions from the origin's values to ours (inventory §3, §4). */

/** The origin's clocks: messages.created_at is KST wall clock, SQL defaults are UTC, upload tokens
 * and poll deadlines the server's local clock (a Korean intranet: KST). */
export const KST_OFFSET_MINUTES = 9 * 60;

const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?$/;

/** A stored time as UTC ISO-8601 with milliseconds. A value with its own zone (`Z`, `+09:00`) keeps
 * it; a bare wall clock is read at `offsetMinutes` east of UTC. Null when empty or unreadable. */
export function toUtcIso(value: unknown, offsetMinutes: number): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value).trim();
  if (text === '') return null;
  const m = WALL_CLOCK.exec(text);
  if (m) {
    const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '0'] = m;
    const ms = Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +s, Math.floor(Number(`0.${frac}`) * 1000)) - offsetMinutes * 60_000;
    return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
  }
  if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

/** What Python's html.escape did to poll and pin text on the way in: ours stores text as typed. */
export function unescapeHtml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#x27|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#x27': "'", '#39': "'" })[e]!);
}

export type PasswordVerdict = { hash: string; kind: 'bcrypt' | 'legacy-sha256' } | { skip: string };

/** The origin's password hash as one our login verifies (and then re-hashes): bcrypt as is, a
 * legacy SHA-256 hex with the install's salt carried inside. */
export function convertPasswordHash(stored: unknown, legacySalt: string): PasswordVerdict {
  const text = typeof stored === 'string' ? stored.trim() : '';
  if (/^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/.test(text)) return { hash: text, kind: 'bcrypt' };
  if (/^[0-9a-fA-F]{64}$/.test(text)) return { hash: legacySha256Hash(legacySalt, text), kind: 'legacy-sha256' };
  return { skip: 'password hash in an unknown format' };
}

/** The origin's legacy password salt when no `.security_salt` file is given (its config default). */
export const ORIGIN_DEFAULT_SALT = 'messenger_secure_salt_2024';

/** A room key as the origin stored it (§4.1): base64(IV ‖ AES-256-CBC(key string)) under its
 * `.master_key`, or, when the blob is shorter than 32 bytes, a legacy plaintext key. Returns the
 * 44-character key string; throws when it cannot be unwrapped (never returns the blob, unlike the
 * origin). */
export function unwrapOriginRoomKey(stored: string, masterKey: Buffer | null): string {
  const blob = Buffer.from(stored, 'base64');
  if (blob.length < 32) return stored;
  if (!masterKey) throw new Error('the origin master key is needed (--master-key)');
  const decipher = crypto.createDecipheriv('aes-256-cbc', masterKey, blob.subarray(0, 16));
  const key = Buffer.concat([decipher.update(blob.subarray(16)), decipher.final()]).toString('utf8');
  if (!/^[A-Za-z0-9+/]{43}=$/.test(key)) throw new Error('unwrapped value is not a room key');
  return key;
}

/** The same wrap, for test fixtures that build an origin database. */
export function wrapOriginRoomKey(key: string, masterKey: Buffer): string {
  const iv = crypto.randomBytes(16);
  const cipher = crypto.createCipheriv('aes-256-cbc', masterKey, iv);
  return Buffer.concat([iv, cipher.update(key, 'utf8'), cipher.final()]).toString('base64');
}

/** Our stored name for an origin upload: a fixed function of its origin path, so a second run
 * finds the file it copied the first time. Shapes as UploadStorage accepts them. */
export function roomFileName(originPath: string): string {
  const ext = path.extname(originPath).slice(1).toLowerCase();
  return `${digest(originPath)}.${/^[a-z0-9]{1,5}$/.test(ext) ? ext : 'bin'}`;
}

export function profileFileName(userId: number, originPath: string): string {
  return `profiles/${userId}_${digest(originPath)}.webp`;
}

/** An origin path relative to its uploads folder, however the row spelled it. */
const relative = (stored: string) => stored.trim().replace(/^\/?(uploads\/)?/, '');

const digest = (originPath: string) => crypto.createHash('sha256').update(`origin:${relative(originPath)}`).digest('hex').slice(0, 32);

/** An origin upload path (flat, or under profiles/) as a path inside its uploads folder; null if
 * it would leave it. */
export function originUploadPath(uploadsDir: string, stored: string): string | null {
  const abs = path.resolve(uploadsDir, relative(stored));
  const root = path.resolve(uploadsDir);
  return abs.startsWith(root + path.sep) ? abs : null;
}
