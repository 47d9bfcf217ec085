import { z } from 'zod';
import { idSchema } from '../common.ts';

/** A person a system message names, with the nickname they had when it happened (so history
 * still reads right after they rename themselves). */
export const systemPartySchema = z.object({ id: idSchema, nickname: z.string() });
export type SystemParty = z.infer<typeof systemPartySchema>;

const party = systemPartySchema;

/** New, additive: what a system message says, so that each client words it in its reader's
 * language. `content` keeps the origin's Korean text for origin and older clients. `actor` did
 * it; `targets` are the people it was done to (empty for a leave or a rename). More kinds may
 * come: a client shows `content` for a kind it does not know. */
export const systemPayloadSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('invited'), actor: party, targets: z.array(party).min(1) }),
  z.object({ kind: z.literal('left'), actor: party, targets: z.array(party).max(0) }),
  z.object({ kind: z.literal('kicked'), actor: party, targets: z.array(party).length(1) }),
  z.object({ kind: z.literal('renamed'), actor: party, targets: z.array(party).max(0), name: z.string() }),
]);
export type SystemPayload = z.infer<typeof systemPayloadSchema>;
export type SystemKind = SystemPayload['kind'];
