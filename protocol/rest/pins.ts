import { z } from 'zod';
import { code, idSchema, timestampSchema } from '../common.ts';
import { looseId, trimmedText } from '../fields.ts';

// ---- GET /api/rooms/:id/pins (newest first)
/** `message_content` is joined only from the same room: the origin joined any message id and so
 * leaked other rooms' content. */
export const pinSchema = z.object({
  id: idSchema,
  room_id: idSchema,
  message_id: idSchema.nullable(),
  content: z.string().nullable(),
  /** Null once the pinner's account is deleted (the notice stays). */
  pinned_by: idSchema.nullable(),
  pinned_at: timestampSchema,
  pinned_by_name: z.string().nullable(),
  message_content: z.string().nullable(),
  message_sender_id: idSchema.nullable(),
  /** The pinned message's room key version (additive; null for free text, absent means 1). */
  message_key_version: z.number().int().positive().nullable().optional(),
});
export type Pin = z.infer<typeof pinSchema>;
export const pinsResponseSchema = z.array(pinSchema);

// ---- POST /api/rooms/:id/pins (any member)
/** A message of this room (the server checks it: PIN_MESSAGE_NOT_IN_ROOM) and/or free text,
 * trimmed, ≤ 500 code points, stored raw (the origin escaped HTML and cut it at 500). */
export const pinCreateRequestSchema = z
  .object({
    // '' and null mean "no message" (origin); numeric strings are accepted as the origin's int() did.
    message_id: z.preprocess((v) => (v === '' ? null : v), looseId('PIN_MESSAGE_ID_INVALID').nullish()),
    content: trimmedText(500, 'PIN_CONTENT_TOO_LONG').nullish(),
  })
  .transform((b) => ({ message_id: b.message_id || null, content: b.content || null }))
  .refine((b) => b.message_id !== null || b.content !== null, code('PIN_CONTENT_REQUIRED'));
export type PinCreateRequest = z.input<typeof pinCreateRequestSchema>;
export const pinCreateResponseSchema = z.object({ success: z.literal(true), pin_id: idSchema });

// ---- DELETE /api/rooms/:id/pins/:pin_id (any member)
export const pinDeleteResponseSchema = z.object({ success: z.literal(true) });
