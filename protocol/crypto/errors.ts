/** The one error every crypto failure surfaces as: callers only need to know "this could not be
 * decrypted/verified", never which step failed (a detailed reason would help an attacker probe). */
export class CryptoError extends Error {
  constructor(message = 'crypto operation failed', options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CryptoError';
  }
}
