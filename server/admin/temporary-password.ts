import crypto from 'node:crypto';

// No look-alikes (0/O, 1/l/I): the admin reads it out or types it to the user.
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';

/** A random temporary password that passes the password policy (a letter and a digit), 12
 * characters (about 70 bits). */
export function temporaryPassword(length = 12): string {
  for (;;) {
    const s = Array.from({ length }, () => ALPHABET[crypto.randomInt(ALPHABET.length)]).join('');
    if (/[A-Za-z]/.test(s) && /[0-9]/.test(s)) return s;
  }
}
