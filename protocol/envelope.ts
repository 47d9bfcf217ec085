import { z } from 'zod';
import { type ErrorCode, errorCodeSchema, errorSpec } from './errors/index.ts';
import { type Locale, displayLocale } from './locale.ts';

/** The JSON body of every 4xx/5xx answer. `error` stays the Korean canonical text (origin
 * clients match on it); `error_localized` is in the caller's language. */
export const errorEnvelopeSchema = z.object({
  error: z.string(),
  error_code: errorCodeSchema,
  error_localized: z.string(),
  locale: z.enum(['ko-KR', 'en-US']),
});
export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;

export function errorEnvelope(code: ErrorCode, locale: Locale): ErrorEnvelope {
  const spec = errorSpec(code);
  return { error: spec.ko, error_code: code, error_localized: spec[locale], locale: displayLocale(locale) };
}

/** The socket `error` event payload (origin shape). */
export const socketErrorSchema = z.object({
  message: z.string(),
  message_code: errorCodeSchema,
  message_localized: z.string(),
  locale: z.enum(['ko-KR', 'en-US']),
});
export type SocketError = z.infer<typeof socketErrorSchema>;

export function socketError(code: ErrorCode, locale: Locale): SocketError {
  const spec = errorSpec(code);
  return { message: spec.ko, message_code: code, message_localized: spec[locale], locale: displayLocale(locale) };
}

/** Every client event's ACK: `{ok:true, ...}` or `{ok:false, error, error_code}`. */
export const ackErrorSchema = z.object({
  ok: z.literal(false),
  error: z.string(),
  error_code: errorCodeSchema,
  error_localized: z.string().optional(),
});
export type AckError = z.infer<typeof ackErrorSchema>;

export function ackError(code: ErrorCode, locale: Locale = 'ko'): AckError {
  const spec = errorSpec(code);
  return { ok: false, error: spec.ko, error_code: code, error_localized: spec[locale] };
}
