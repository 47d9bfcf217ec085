import { z } from 'zod';
import { idSchema } from '../common.ts';

/** Room key versions (new). A room starts at version 1 (the origin's single key) and gets a new
 * key, version + 1, each time a member leaves or is removed. A member may hold the versions from
 * the one current when they joined onwards; a removed member gets none of the later ones. */

export const keyVersionSchema = z.number().int().positive();

export const roomKeyVersionSchema = z.object({ version: keyVersionSchema, key: z.string() });
export type RoomKeyVersion = z.infer<typeof roomKeyVersionSchema>;

/** One room's keys as the caller may hold them. `encryption_key` is the current key (the field
 * origin clients read; in a room that never rotated it is the only key, as before); null for a
 * room without a key (its messages are plaintext). */
export const roomKeyRingFields = {
  encryption_key: z.string().nullable(),
  /** The current version: what new messages are sealed with. */
  key_version: keyVersionSchema,
  /** Every version the caller may hold, ascending (empty for a room without a key). */
  encryption_keys: z.array(roomKeyVersionSchema),
};

// ---- GET /api/rooms/:id/keys
export const roomKeyRingSchema = z.object({ room_id: idSchema, ...roomKeyRingFields });
export type RoomKeyRing = z.infer<typeof roomKeyRingSchema>;
