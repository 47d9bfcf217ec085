/** Room keys are 32 CSPRNG bytes; the 44-char base64 STRING is what v1/v2 use as the password. */
import { base64Encode } from './base64.ts';

export function generateRoomKey(): string {
  return base64Encode(crypto.getRandomValues(new Uint8Array(32)));
}
