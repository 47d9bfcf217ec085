import crypto from 'node:crypto';
import { promisify } from 'node:util';
import { hashSlots } from './hash-slots.ts';

const scryptRaw = promisify(crypto.scrypt) as (pw: string, salt: Buffer, len: number, opts: crypto.ScryptOptions) => Promise<Buffer>;
/** Every scrypt waits for a hashing slot: 50 logins at once would otherwise hold 16 MiB each on
 * the libuv pool (hash-slots.ts). */
const scrypt = (pw: string, salt: Buffer, len: number, opts: crypto.ScryptOptions) => hashSlots.run(() => scryptRaw(pw, salt, len, opts));

/** scrypt with a per-user salt. Stored as `scrypt$N$r$p$salt$hash` (base64), so parameters can
 * be raised later and old hashes still verify (and get re-hashed). */
const N = 16384;
const R = 8;
const P = 1;
const KEYLEN = 32;

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const hash = await scrypt(password, salt, KEYLEN, { N, r: R, p: P, maxmem: 64 * 1024 * 1024 });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export interface VerifyResult {
  ok: boolean;
  /** True when the stored hash uses weaker parameters and should be replaced. */
  needsRehash: boolean;
}

export async function verifyPassword(password: string, stored: string): Promise<VerifyResult> {
  if (stored.startsWith('$2')) return rehashIfOk(await verifyBcrypt(password, stored));
  if (stored.startsWith(`${LEGACY_SHA256}$`)) return rehashIfOk(verifyLegacySha256(password, stored));
  const parts = stored.split('$');
  if (parts[0] !== 'scrypt' || parts.length !== 6) return { ok: false, needsRehash: false };
  const [n, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  const salt = Buffer.from(parts[4]!, 'base64');
  const expected = Buffer.from(parts[5]!, 'base64');
  if (!n || !r || !p || expected.length === 0) return { ok: false, needsRehash: false };
  const actual = await scrypt(password, salt, expected.length, { N: n, r, p, maxmem: 256 * 1024 * 1024 });
  const ok = crypto.timingSafeEqual(actual, expected);
  return { ok, needsRehash: ok && (n < N || r !== R || p !== P) };
}

/** Hashes imported from the origin (migrate-origin) verify once and are replaced by scrypt at
 * that login. */
const rehashIfOk = (ok: boolean): VerifyResult => ({ ok, needsRehash: ok });

/** The origin's bcrypt (Python `bcrypt`, $2b$); $2y$ is the same algorithm under PHP's name. */
async function verifyBcrypt(password: string, stored: string): Promise<boolean> {
  try {
    // Loaded at the first origin hash: most servers never see one.
    const { default: bcrypt } = await import('bcryptjs');
    return await bcrypt.compare(password, stored.replace(/^\$2y\$/, '$2b$'));
  } catch {
    return false;
  }
}

/** The origin's oldest hashes: hex SHA-256 of salt + password + salt, with one install-wide salt
 * (its `.security_salt`). The migration stores the salt inside the hash so no file is needed
 * here: `legacy-sha256$<salt base64>$<hex>`. */
export const LEGACY_SHA256 = 'legacy-sha256';

export function legacySha256Hash(salt: string, hex: string): string {
  return `${LEGACY_SHA256}$${Buffer.from(salt, 'utf8').toString('base64')}$${hex.toLowerCase()}`;
}

function verifyLegacySha256(password: string, stored: string): boolean {
  const [, saltB64, hex] = stored.split('$');
  if (!saltB64 || !hex || !/^[0-9a-f]{64}$/.test(hex)) return false;
  const salt = Buffer.from(saltB64, 'base64').toString('utf8');
  const actual = crypto.createHash('sha256').update(salt + password + salt, 'utf8').digest();
  return crypto.timingSafeEqual(actual, Buffer.from(hex, 'hex'));
}

/** A hash to compare against when the user does not exist, so timing does not tell. */
let dummyHash: Promise<string> | null = null;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword('dummy-password-1');
  await verifyPassword(password, await dummyHash);
}
