import { adminCommand } from './admin.ts';
import type { Command } from './command.ts';

/** Every operator command, in `--help` order. Add a command: one file in server/cli/, one line here. */
export const commands: Command[] = [adminCommand];
