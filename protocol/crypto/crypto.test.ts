import { createCipheriv, createDecipheriv, createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { base64Decode, base64Encode } from './base64.ts';
import { CryptoError } from './errors.ts';
import { decryptMessage, detectFormat, generateRoomKey, isEncryptedContent } from './index.ts';
import { md5 } from './md5.ts';
import { decryptV1, encryptV1ForTests } from './v1.ts';
import { decryptV2, deriveV2Keys, encryptV2 } from './v2.ts';

// node:crypto is used here ONLY as an independent reference implementation.

const ROOM_KEY = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=';
const seq = (start: number, n: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => start + i);
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

const V2_SALT = seq(0x00, 16);
const V2_IV = seq(0x10, 16);
const V2_PLAINTEXT = 'hello, 안녕 v2';
const V2_ENC_KEY = 'addf194b5c021dabb5375c427c07a3994e19b2f1706f5df1fcf154579888ebb5';
const V2_MAC_KEY = '825618f3fa046fe95262101fb6ef957144ae694eefe1c18464bba95006653aa0';
const V2_PAYLOAD =
  'v2:AAECAwQFBgcICQoLDA0ODw==:EBESExQVFhcYGRobHB0eHw==:MbRKevas2MUMp9cLE9gYn+9y4DzVMX0rMEEV0xKd5y4=:1dvdfNhRpyvibNt89XIzeP38Ld6o5QuDGb5ycl7u7t0=';

const V1_SALT = Uint8Array.from(Buffer.from('0102030405060708', 'hex'));
const V1_PLAINTEXT = 'hello v1';
const V1_PAYLOAD = 'U2FsdGVkX18BAgMEBQYHCGOpRS4gGKFkIfj2kFiBrug=';

/** Flip one bit in part `index` of a v2 payload, keeping the base64 well-formed. */
function tamperPart(payload: string, index: number, byte = 0): string {
  const parts = payload.split(':');
  const bytes = base64Decode(parts[index]);
  bytes[byte] ^= 0x01;
  parts[index] = base64Encode(bytes);
  return parts.join(':');
}

/** Reference v2 encrypter built on node:crypto. */
function nodeEncryptV2(plaintext: string, roomKey: string, salt = randomBytes(16), iv = randomBytes(16)): string {
  const dk = pbkdf2Sync(Buffer.from(roomKey, 'utf8'), salt, 10_000, 64, 'sha256');
  const cipher = createCipheriv('aes-256-cbc', dk.subarray(0, 32), iv);
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const mac = createHmac('sha256', dk.subarray(32)).update(Buffer.concat([salt, iv, ct])).digest();
  return ['v2', salt, iv, ct, mac].map((p) => (typeof p === 'string' ? p : p.toString('base64'))).join(':');
}

async function expectCryptoError(promise: Promise<unknown>): Promise<void> {
  await expect(promise).rejects.toBeInstanceOf(CryptoError);
}

describe('md5', () => {
  it('matches RFC 1321 vectors', () => {
    expect(hex(md5(utf8('')))).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(hex(md5(utf8('abc')))).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(hex(md5(utf8('The quick brown fox jumps over the lazy dog')))).toBe('9e107d9d372bb6826bd81d3542a419d6');
  });

  it('handles inputs longer than one 64-byte block', () => {
    const input = '12345678901234567890123456789012345678901234567890123456789012345678901234567890';
    expect(hex(md5(utf8(input)))).toBe('57edf4a22be3c955ac49da2e2107b67a');
  });

  it('matches node:crypto on multibyte UTF-8', () => {
    const input = '안녕하세요 🔐 ümlaut — 日本語テキスト'.repeat(5);
    expect(hex(md5(utf8(input)))).toBe(createHash('md5').update(input, 'utf8').digest('hex'));
  });

  it('matches node:crypto at every length around the padding boundaries', () => {
    for (let n = 0; n <= 200; n++) {
      const data = randomBytes(n);
      expect(hex(md5(data)), `length ${n}`).toBe(createHash('md5').update(data).digest('hex'));
    }
  });
});

describe('base64', () => {
  it('round-trips and matches Buffer for all tail lengths', () => {
    for (let n = 0; n <= 70; n++) {
      const data = randomBytes(n);
      const encoded = base64Encode(data);
      expect(encoded).toBe(data.toString('base64'));
      expect(Buffer.from(base64Decode(encoded)).equals(data)).toBe(true);
    }
  });

  it.each(['abc', 'ab=c', '=abc', 'a===', '====', 'ab c', 'ab\ncd==', 'ab-_', 'AB==', 'AAB=', 'ab==abcd', 'äbcd'])(
    'rejects malformed input %j',
    (input) => {
      expect(() => base64Decode(input)).toThrow();
    },
  );
});

describe('v2', () => {
  it('derives the vector keys', async () => {
    const { encKey, macKey } = await deriveV2Keys(ROOM_KEY, V2_SALT);
    expect(hex(encKey)).toBe(V2_ENC_KEY);
    expect(hex(macKey)).toBe(V2_MAC_KEY);
  });

  it('encrypts byte-exactly with fixed salt and iv', async () => {
    expect(await encryptV2(V2_PLAINTEXT, ROOM_KEY, { salt: V2_SALT, iv: V2_IV })).toBe(V2_PAYLOAD);
  });

  it('decrypts the vector payload', async () => {
    expect(await decryptV2(V2_PAYLOAD, ROOM_KEY)).toBe(V2_PLAINTEXT);
  });

  it('round-trips with random salt and iv', async () => {
    const text = 'round trip ✓ 라운드 트립 ' + 'x'.repeat(100);
    const a = await encryptV2(text, ROOM_KEY);
    const b = await encryptV2(text, ROOM_KEY);
    expect(a.startsWith('v2:')).toBe(true);
    expect(a).not.toBe(b);
    expect(await decryptV2(a, ROOM_KEY)).toBe(text);
    expect(await decryptV2(b, ROOM_KEY)).toBe(text);
  });

  it('round-trips the empty string and a leading BOM', async () => {
    expect(await decryptV2(await encryptV2('', ROOM_KEY), ROOM_KEY)).toBe('');
    expect(await decryptV2(await encryptV2('\uFEFFbom', ROOM_KEY), ROOM_KEY)).toBe('\uFEFFbom');
  });

  it('cross-checks with node:crypto in both directions', async () => {
    const roomKey = generateRoomKey();
    const text = 'from node: 노드에서 🚀';
    expect(nodeEncryptV2(V2_PLAINTEXT, ROOM_KEY, Buffer.from(V2_SALT), Buffer.from(V2_IV))).toBe(V2_PAYLOAD);
    expect(await decryptV2(nodeEncryptV2(text, roomKey), roomKey)).toBe(text);

    // Our random-salt output, verified and decrypted by node:crypto.
    const [, s, i, c, m] = (await encryptV2(text, roomKey)).split(':').map((p) => Buffer.from(p, 'base64'));
    const dk = pbkdf2Sync(Buffer.from(roomKey, 'utf8'), s, 10_000, 64, 'sha256');
    const mac = createHmac('sha256', dk.subarray(32)).update(Buffer.concat([s, i, c])).digest();
    expect(mac.equals(m)).toBe(true);
    const decipher = createDecipheriv('aes-256-cbc', dk.subarray(0, 32), i);
    expect(Buffer.concat([decipher.update(c), decipher.final()]).toString('utf8')).toBe(text);
  });

  it('rejects a tampered MAC (first and last byte)', async () => {
    await expectCryptoError(decryptV2(tamperPart(V2_PAYLOAD, 4, 0), ROOM_KEY));
    await expectCryptoError(decryptV2(tamperPart(V2_PAYLOAD, 4, 31), ROOM_KEY));
  });

  it('rejects a tampered ciphertext', async () => {
    await expectCryptoError(decryptV2(tamperPart(V2_PAYLOAD, 3), ROOM_KEY));
  });

  it('rejects a tampered salt and a tampered iv', async () => {
    await expectCryptoError(decryptV2(tamperPart(V2_PAYLOAD, 1), ROOM_KEY));
    await expectCryptoError(decryptV2(tamperPart(V2_PAYLOAD, 2), ROOM_KEY));
  });

  it('rejects a wrong key', async () => {
    await expectCryptoError(decryptV2(V2_PAYLOAD, generateRoomKey()));
    await expectCryptoError(decryptV2(V2_PAYLOAD, ''));
  });

  it('rejects a wrong part count or prefix', async () => {
    const parts = V2_PAYLOAD.split(':');
    await expectCryptoError(decryptV2(parts.slice(0, 4).join(':'), ROOM_KEY));
    await expectCryptoError(decryptV2([...parts, parts[4]].join(':'), ROOM_KEY));
    await expectCryptoError(decryptV2(['v3', ...parts.slice(1)].join(':'), ROOM_KEY));
    await expectCryptoError(decryptV2('', ROOM_KEY));
  });

  it('rejects garbage base64', async () => {
    const parts = V2_PAYLOAD.split(':');
    for (let i = 1; i <= 4; i++) {
      const bad = [...parts];
      bad[i] = '!!not base64!!';
      await expectCryptoError(decryptV2(bad.join(':'), ROOM_KEY));
    }
  });

  it('rejects wrong salt / iv / mac / ciphertext lengths', async () => {
    const parts = V2_PAYLOAD.split(':');
    const withPart = (i: number, bytes: Uint8Array): string => parts.map((p, j) => (j === i ? base64Encode(bytes) : p)).join(':');
    await expectCryptoError(decryptV2(withPart(1, seq(0, 15)), ROOM_KEY));
    await expectCryptoError(decryptV2(withPart(2, seq(0, 17)), ROOM_KEY));
    await expectCryptoError(decryptV2(withPart(3, seq(0, 15)), ROOM_KEY));
    await expectCryptoError(decryptV2(withPart(3, new Uint8Array(0)), ROOM_KEY));
    await expectCryptoError(decryptV2(withPart(4, seq(0, 16)), ROOM_KEY));
  });

  it('rejects bad padding even under a valid MAC', async () => {
    // A block whose decryption ends in 0x00 is never valid PKCS7; MAC it correctly with node:crypto.
    const dk = pbkdf2Sync(Buffer.from(ROOM_KEY, 'utf8'), Buffer.from(V2_SALT), 10_000, 64, 'sha256');
    const cipher = createCipheriv('aes-256-cbc', dk.subarray(0, 32), Buffer.from(V2_IV)).setAutoPadding(false);
    const ct = Buffer.concat([cipher.update(Buffer.alloc(16, 0)), cipher.final()]);
    const mac = createHmac('sha256', dk.subarray(32)).update(Buffer.concat([V2_SALT, V2_IV, ct])).digest();
    const payload = ['v2', base64Encode(V2_SALT), base64Encode(V2_IV), ct.toString('base64'), mac.toString('base64')].join(':');
    await expectCryptoError(decryptV2(payload, ROOM_KEY));
  });

  it('rejects invalid fixed salt/iv lengths on encrypt', async () => {
    await expectCryptoError(encryptV2('x', ROOM_KEY, { salt: seq(0, 8) }));
    await expectCryptoError(encryptV2('x', ROOM_KEY, { iv: seq(0, 8) }));
    await expectCryptoError(encryptV2('x', ''));
  });
});

describe('v1', () => {
  it('decrypts the vector payload', async () => {
    expect(await decryptV1(V1_PAYLOAD, ROOM_KEY)).toBe(V1_PLAINTEXT);
  });

  it('encrypts the vector byte-exactly (test helper)', async () => {
    expect(await encryptV1ForTests(V1_PLAINTEXT, ROOM_KEY, V1_SALT)).toBe(V1_PAYLOAD);
  });

  it('decrypts a node:crypto-produced payload', async () => {
    const salt = randomBytes(8);
    const pass = generateRoomKey();
    const text = 'legacy 레거시 message '.repeat(4);
    let d = Buffer.alloc(0);
    let out = Buffer.alloc(0);
    while (out.length < 48) {
      d = createHash('md5').update(Buffer.concat([d, Buffer.from(pass, 'utf8'), salt])).digest();
      out = Buffer.concat([out, d]);
    }
    const cipher = createCipheriv('aes-256-cbc', out.subarray(0, 32), out.subarray(32, 48));
    const payload = Buffer.concat([Buffer.from('Salted__'), salt, cipher.update(text, 'utf8'), cipher.final()]).toString('base64');
    expect(await decryptV1(payload, pass)).toBe(text);
  });

  it('rejects a wrong passphrase and malformed payloads', async () => {
    await expectCryptoError(decryptV1(V1_PAYLOAD, 'wrong passphrase'));
    await expectCryptoError(decryptV1('U2FsdGVkX1!!', ROOM_KEY));
    await expectCryptoError(decryptV1(V1_PAYLOAD.slice(0, 24), ROOM_KEY)); // header only, no ciphertext
    await expectCryptoError(decryptV1(base64Encode(utf8('NotSalt_12345678abcdefghijklmnop')), ROOM_KEY));
  });
});

describe('format detection and decryptMessage', () => {
  it('detects formats by prefix', () => {
    expect(detectFormat(V2_PAYLOAD)).toBe('v2');
    expect(detectFormat(V1_PAYLOAD)).toBe('v1');
    expect(detectFormat('just text')).toBe('plain');
    expect(detectFormat('')).toBe('plain');
    expect(isEncryptedContent(V2_PAYLOAD)).toBe(true);
    expect(isEncryptedContent(V1_PAYLOAD)).toBe(true);
    expect(isEncryptedContent('v2 is nice')).toBe(false);
  });

  it('passes plaintext through and decrypts v1 and v2', async () => {
    expect(await decryptMessage('plain 평문', ROOM_KEY)).toBe('plain 평문');
    expect(await decryptMessage(V2_PAYLOAD, ROOM_KEY)).toBe(V2_PLAINTEXT);
    expect(await decryptMessage(V1_PAYLOAD, ROOM_KEY)).toBe(V1_PLAINTEXT);
  });

  it('throws CryptoError on a bad MAC', async () => {
    await expectCryptoError(decryptMessage(tamperPart(V2_PAYLOAD, 4), ROOM_KEY));
  });
});

describe('generateRoomKey', () => {
  it('returns 44 base64 chars decoding to 32 bytes, different each call', () => {
    const a = generateRoomKey();
    const b = generateRoomKey();
    expect(a).toHaveLength(44);
    expect(base64Decode(a)).toHaveLength(32);
    expect(a).not.toBe(b);
  });
});
