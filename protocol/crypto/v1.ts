/** v1 (legacy, read-only): OpenSSL/CryptoJS "Salted__" format,
 * base64("Salted__" ‖ salt8 ‖ AES-256-CBC/PKCS7 ciphertext), key+IV from EVP_BytesToKey(MD5, 1 iter).
 * It has no MAC, so a wrong key is only caught by bad padding or invalid UTF-8 — which is why new
 * messages are always v2 and this module exposes no production encrypt. */
import { base64Decode, base64Encode } from './base64.ts';
import { type Bytes, concatBytes, utf8Decode, utf8Encode } from './bytes.ts';
import { CryptoError } from './errors.ts';
import { md5 } from './md5.ts';

const MAGIC = utf8Encode('Salted__');
const SALT_BYTES = 8;
const AES_BLOCK = 16;

/** EVP_BytesToKey(MD5, count=1): D_i = MD5(D_{i-1} ‖ password ‖ salt) until 48 bytes. */
function evpBytesToKey(password: Uint8Array, salt: Uint8Array): { key: Bytes; iv: Bytes } {
  let derived = new Uint8Array(0);
  let block = new Uint8Array(0);
  while (derived.length < 48) {
    block = md5(concatBytes(block, password, salt));
    derived = concatBytes(derived, block);
  }
  return { key: derived.slice(0, 32), iv: derived.slice(32, 48) };
}

function requirePassphrase(passphrase: string): void {
  if (typeof passphrase !== 'string' || passphrase.length === 0) throw new CryptoError('missing room key');
}

export async function decryptV1(payload: string, passphrase: string): Promise<string> {
  requirePassphrase(passphrase);
  let raw: Bytes;
  try {
    raw = base64Decode(payload);
  } catch (err) {
    throw new CryptoError('malformed v1 payload: bad base64', { cause: err });
  }
  const headerLength = MAGIC.length + SALT_BYTES;
  const bodyLength = raw.length - headerLength;
  if (bodyLength <= 0 || bodyLength % AES_BLOCK !== 0 || MAGIC.some((b, i) => raw[i] !== b)) {
    throw new CryptoError('malformed v1 payload');
  }
  const salt = raw.subarray(MAGIC.length, headerLength);
  const ciphertext = raw.slice(headerLength);
  const { key, iv } = evpBytesToKey(utf8Encode(passphrase), salt);

  let plainBytes: Uint8Array;
  try {
    const aesKey = await crypto.subtle.importKey('raw', key, 'AES-CBC', false, ['decrypt']);
    plainBytes = new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-CBC', iv }, aesKey, ciphertext));
  } catch (err) {
    throw new CryptoError('v1 decryption failed', { cause: err });
  } finally {
    key.fill(0);
  }
  try {
    return utf8Decode(plainBytes);
  } catch (err) {
    throw new CryptoError('v1 decryption failed: not valid UTF-8', { cause: err });
  }
}

/** Produces v1 payloads for tests only; the app never writes v1. */
export async function encryptV1ForTests(plaintext: string, passphrase: string, salt8: Uint8Array): Promise<string> {
  requirePassphrase(passphrase);
  if (salt8.length !== SALT_BYTES) throw new CryptoError('v1 salt must be 8 bytes');
  const { key, iv } = evpBytesToKey(utf8Encode(passphrase), salt8);
  const aesKey = await crypto.subtle.importKey('raw', key, 'AES-CBC', false, ['encrypt']);
  const ciphertext = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-CBC', iv }, aesKey, utf8Encode(plaintext)));
  return base64Encode(concatBytes(MAGIC, salt8, ciphertext));
}
