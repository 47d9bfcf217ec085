/** v2 message format: `v2:<salt_b64>:<iv_b64>:<cipher_b64>:<hmac_b64>`.
 * PBKDF2-HMAC-SHA256(password = UTF-8 of the room-key string, 16-byte salt, 10,000 iterations)
 * → 64 bytes: enc key = 0..31, mac key = 32..63. AES-256-CBC/PKCS7 over UTF-8 plaintext, then
 * encrypt-then-MAC: HMAC-SHA256(mac key, salt‖iv‖ciphertext). The "v2:" prefix is not covered. */
import { base64Decode, base64Encode } from './base64.ts';
import { type Bytes, concatBytes, constantTimeEqual, copyBytes, utf8Decode, utf8Encode } from './bytes.ts';
import { CryptoError } from './errors.ts';

const PREFIX = 'v2';
const SALT_BYTES = 16;
const IV_BYTES = 16;
const MAC_BYTES = 32;
const AES_BLOCK = 16;
const PBKDF2_ITERATIONS = 10_000;

export interface V2RawKeys {
  encKey: Bytes;
  macKey: Bytes;
}

interface V2CryptoKeys {
  enc: CryptoKey;
  mac: CryptoKey;
}

function requireRoomKey(roomKey: string): void {
  // An empty key would still "work" with PBKDF2 and silently encrypt under a public password.
  if (typeof roomKey !== 'string' || roomKey.length === 0) throw new CryptoError('missing room key');
}

/** Raw PBKDF2 output split into the two keys. Exported so tests can pin the KDF byte-exactly. */
export async function deriveV2Keys(roomKey: string, salt: Uint8Array): Promise<V2RawKeys> {
  requireRoomKey(roomKey);
  if (salt.length !== SALT_BYTES) throw new CryptoError('v2 salt must be 16 bytes');
  const password = await crypto.subtle.importKey('raw', utf8Encode(roomKey), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: copyBytes(salt), iterations: PBKDF2_ITERATIONS },
    password,
    64 * 8,
  );
  const all = new Uint8Array(bits);
  return { encKey: all.slice(0, 32), macKey: all.slice(32, 64) };
}

// PBKDF2 costs ~10k HMACs, and a chat view re-decrypts the same messages on re-render. Cache the
// non-extractable CryptoKeys per (room key, salt), bounded LRU so memory cannot grow without limit.
const CACHE_LIMIT = 256;
const keyCache = new Map<string, Promise<V2CryptoKeys>>();

function getKeys(roomKey: string, salt: Bytes): Promise<V2CryptoKeys> {
  // Salt base64 is always 24 chars, so this concatenation is unambiguous.
  const cacheKey = base64Encode(salt) + roomKey;
  const hit = keyCache.get(cacheKey);
  if (hit) {
    keyCache.delete(cacheKey); // re-insert to mark as most recently used
    keyCache.set(cacheKey, hit);
    return hit;
  }
  const pending = (async (): Promise<V2CryptoKeys> => {
    const { encKey, macKey } = await deriveV2Keys(roomKey, salt);
    const [enc, mac] = await Promise.all([
      crypto.subtle.importKey('raw', encKey, 'AES-CBC', false, ['encrypt', 'decrypt']),
      crypto.subtle.importKey('raw', macKey, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']),
    ]);
    encKey.fill(0);
    macKey.fill(0);
    return { enc, mac };
  })();
  // A failed derivation must not poison the cache.
  pending.catch(() => keyCache.delete(cacheKey));
  keyCache.set(cacheKey, pending);
  if (keyCache.size > CACHE_LIMIT) keyCache.delete(keyCache.keys().next().value as string);
  return pending;
}

async function computeMac(key: CryptoKey, salt: Bytes, iv: Bytes, ciphertext: Bytes): Promise<Bytes> {
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, concatBytes(salt, iv, ciphertext)));
}

/** Encrypts `plaintext` under `roomKey`. `opts.salt`/`opts.iv` exist only so tests can be
 * byte-exact; production callers must omit them (fresh random values every message). */
export async function encryptV2(
  plaintext: string,
  roomKey: string,
  opts?: { salt?: Uint8Array; iv?: Uint8Array },
): Promise<string> {
  requireRoomKey(roomKey);
  const salt = opts?.salt ? copyBytes(opts.salt) : crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const iv = opts?.iv ? copyBytes(opts.iv) : crypto.getRandomValues(new Uint8Array(IV_BYTES));
  if (salt.length !== SALT_BYTES) throw new CryptoError('v2 salt must be 16 bytes');
  if (iv.length !== IV_BYTES) throw new CryptoError('v2 iv must be 16 bytes');
  try {
    const keys = await getKeys(roomKey, salt);
    const ciphertext = new Uint8Array(
      await crypto.subtle.encrypt({ name: 'AES-CBC', iv }, keys.enc, utf8Encode(plaintext)),
    );
    const mac = await computeMac(keys.mac, salt, iv, ciphertext);
    return [PREFIX, base64Encode(salt), base64Encode(iv), base64Encode(ciphertext), base64Encode(mac)].join(':');
  } catch (err) {
    throw err instanceof CryptoError ? err : new CryptoError('v2 encryption failed', { cause: err });
  }
}

function decodePart(part: string): Bytes {
  try {
    return base64Decode(part);
  } catch (err) {
    throw new CryptoError('malformed v2 payload: bad base64', { cause: err });
  }
}

/** Decrypts a v2 payload. Verifies the MAC (constant time) before touching the ciphertext, so
 * padding errors are never observable for forged input. Every failure is a CryptoError. */
export async function decryptV2(payload: string, roomKey: string): Promise<string> {
  requireRoomKey(roomKey);
  if (typeof payload !== 'string') throw new CryptoError('malformed v2 payload');
  const parts = payload.split(':');
  if (parts.length !== 5 || parts[0] !== PREFIX) throw new CryptoError('malformed v2 payload: wrong part count');
  const salt = decodePart(parts[1]);
  const iv = decodePart(parts[2]);
  const ciphertext = decodePart(parts[3]);
  const mac = decodePart(parts[4]);
  if (salt.length !== SALT_BYTES || iv.length !== IV_BYTES || mac.length !== MAC_BYTES) {
    throw new CryptoError('malformed v2 payload: wrong salt/iv/mac length');
  }
  // CBC+PKCS7 output is always a non-empty whole number of blocks.
  if (ciphertext.length === 0 || ciphertext.length % AES_BLOCK !== 0) {
    throw new CryptoError('malformed v2 payload: bad ciphertext length');
  }

  let keys: V2CryptoKeys;
  try {
    keys = await getKeys(roomKey, salt);
  } catch (err) {
    throw err instanceof CryptoError ? err : new CryptoError('v2 key derivation failed', { cause: err });
  }
  const expected = await computeMac(keys.mac, salt, iv, ciphertext);
  if (!constantTimeEqual(expected, mac)) throw new CryptoError('v2 MAC mismatch');

  let plainBytes: Uint8Array;
  try {
    plainBytes = new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-CBC', iv }, keys.enc, ciphertext));
  } catch (err) {
    throw new CryptoError('v2 decryption failed: bad padding', { cause: err });
  }
  try {
    return utf8Decode(plainBytes);
  } catch (err) {
    throw new CryptoError('v2 plaintext is not valid UTF-8', { cause: err });
  }
}
