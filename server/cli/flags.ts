import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { z } from 'zod';
import type { Command } from './command.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parse a command's flags (node:util, so the binary needs nothing else); on a mistake print
 * the reason and the command's usage to stderr and return null (the caller exits 2). */
export function flags<O extends Options>(command: Pick<Command, 'name' | 'usage'>, args: string[], options: O, positionals = 0) {
  try {
    const parsed = parseArgs({ args, options, allowPositionals: positionals > 0, strict: true });
    if (parsed.positionals.length !== positionals) throw new Error(`expected ${positionals} argument(s)`);
    return parsed;
  } catch (err) {
    process.stderr.write(`${command.name}: ${(err as Error).message}\nusage: ${command.name} ${command.usage}\n`);
    return null;
  }
}

export function usageError(command: Pick<Command, 'name' | 'usage'>, reason: string): number {
  process.stderr.write(`${command.name}: ${reason}\nusage: ${command.name} ${command.usage}\n`);
  return 2;
}

/** Checks one optional flag's value; the reason it is wrong, or null. */
export function invalid(schema: z.ZodType, name: string, value: string | undefined): string | null {
  if (value === undefined) return null;
  const r = schema.safeParse(value);
  return r.success ? null : `--${name}: ${r.error.issues[0]?.message ?? 'invalid'}`;
}
