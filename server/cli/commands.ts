import type { Command } from './command.ts';
import { genCert } from './gen-cert.ts';

/** Every operator command, in `--help` order. Add a command: one file in server/cli/, one line here. */
export const commands: Command[] = [
  genCert,
];
