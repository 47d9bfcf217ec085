import type { Context } from 'hono';
import type { z } from 'zod';
import { parseWith } from '../../protocol/validate.ts';
import { ApiError } from './api-error.ts';

/** The JSON body, or {} when there is none. Malformed JSON or a non-JSON content type with a
 * body is REQUEST_INVALID_FORMAT, never a 500. */
async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  const type = c.req.header('content-type') ?? '';
  if (type && !/^application\/([\w.+-]+\+)?json\b/i.test(type)) throw new ApiError('REQUEST_INVALID_FORMAT');
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError('REQUEST_INVALID_FORMAT');
  }
}

/** Read and validate the body with a protocol schema; the first failing check's code is the error. */
export async function parseBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  return parseInput(schema, await readJson(c));
}

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = parseWith(schema, input);
  if (!parsed.ok) throw new ApiError(parsed.code);
  return parsed.data;
}
