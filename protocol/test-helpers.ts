import type { z } from 'zod';
import { parseWith } from './validate.ts';

/** For schema tests: the error code a payload gets, or 'OK'. */
export function codeOf(schema: z.ZodType, input: unknown): string {
  const r = parseWith(schema, input);
  return r.ok ? 'OK' : r.code;
}

/** For schema tests: the parsed value; throws with the code when the payload is refused. */
export function dataOf<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = parseWith(schema, input);
  if (!r.ok) throw new Error(`unexpected ${r.code}`);
  return r.data;
}
