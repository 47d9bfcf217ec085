/** One error: the HTTP status it usually travels with, the Korean canonical text (the origin's
 * `error` string, kept for wire compatibility) and the English text. */
export interface ErrorSpec {
  status: number;
  ko: string;
  en: string;
}

/** Identity function that keeps literal keys, so `ErrorCode` stays a closed union. */
export function defineErrors<const T extends Record<string, ErrorSpec>>(errors: T): T {
  return errors;
}
