/** Message crypto of the contract, on WebCrypto only (runs in browsers, Node, Bun and Deno).
 * New messages are v2; v1 is decrypt-only for legacy history; anything else is plaintext. */
import { CryptoError } from './errors.ts';
import { decryptV1 } from './v1.ts';
import { decryptV2 } from './v2.ts';

export { CryptoError } from './errors.ts';
export { base64Decode, base64Encode } from './base64.ts';
export { generateRoomKey } from './room-key.ts';
export { decryptV2, deriveV2Keys, encryptV2, type V2RawKeys } from './v2.ts';
export { decryptV1 } from './v1.ts';

export type ContentFormat = 'v2' | 'v1' | 'plain';

const V2_PREFIX = 'v2:';
// base64 of "Salted__" begins with these 9 characters whatever the salt is.
const V1_PREFIX = 'U2FsdGVkX';

export function detectFormat(content: string): ContentFormat {
  if (content.startsWith(V2_PREFIX)) return 'v2';
  if (content.startsWith(V1_PREFIX)) return 'v1';
  return 'plain';
}

export function isEncryptedContent(content: string): boolean {
  return detectFormat(content) !== 'plain';
}

/** Plaintext passes through unchanged; v1/v2 are decrypted. Throws CryptoError when an encrypted
 * payload cannot be decrypted or verified (bad MAC, wrong key, malformed). */
export async function decryptMessage(content: string, roomKey: string): Promise<string> {
  switch (detectFormat(content)) {
    case 'v2':
      return decryptV2(content, roomKey);
    case 'v1':
      return decryptV1(content, roomKey);
    case 'plain':
      return content;
    default:
      throw new CryptoError('unknown content format');
  }
}
