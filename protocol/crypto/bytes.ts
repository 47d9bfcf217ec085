/** Byte helpers shared by v1/v2. `Bytes` is pinned to ArrayBuffer (not SharedArrayBuffer) because
 * that is what WebCrypto's BufferSource accepts. */
export type Bytes = Uint8Array<ArrayBuffer>;

const encoder = new TextEncoder();
// fatal: a wrong key that happens to yield valid padding must still fail, not return mojibake.
// ignoreBOM: keep a leading U+FEFF in the plaintext instead of silently dropping it.
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function utf8Encode(text: string): Bytes {
  return encoder.encode(text) as Bytes;
}

/** Throws TypeError on invalid UTF-8 (callers wrap it in CryptoError). */
export function utf8Decode(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

export function concatBytes(...parts: Uint8Array[]): Bytes {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** Copy into a fresh ArrayBuffer-backed array: satisfies BufferSource typing and shields us from
 * the caller mutating (or sharing) the buffer mid-operation. */
export function copyBytes(bytes: Uint8Array): Bytes {
  return Uint8Array.from(bytes);
}

/** Constant-time equality: always walks every byte so timing does not reveal the first mismatch.
 * Lengths are public (fixed by the format), so an unequal length may return early. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}
