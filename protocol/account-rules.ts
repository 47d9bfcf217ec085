/** The account rules the server enforces (protocol/rest/auth.ts) and the client shows on its
 * forms before the first try. Zod-free, so the client can load it. */

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;
export const NICKNAME_MIN_LENGTH = 2;
export const NICKNAME_MAX_LENGTH = 20;

/** Which parts of the password rule `password` meets (the form ticks them off as one types). */
export function passwordChecks(password: string): { length: boolean; letter: boolean; digit: boolean } {
  return {
    length: password.length >= PASSWORD_MIN_LENGTH && password.length <= PASSWORD_MAX_LENGTH,
    letter: /[A-Za-z]/.test(password),
    digit: /[0-9]/.test(password),
  };
}
