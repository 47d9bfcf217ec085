import { adminCommand } from './admin.ts';
import { backup } from './backup.ts';
import type { Command } from './command.ts';
import { cutover } from './cutover.ts';
import { genCert } from './gen-cert.ts';
import { migrateOriginCommand } from './migrate-origin.ts';
import { releaseChannel } from './release-channel.ts';
import { restore } from './restore.ts';
import { verifyBackup } from './verify-backup.ts';

/** Every operator command, in `--help` order. Add a command: one file in server/cli/, one line here. */
export const commands: Command[] = [
  backup,
  verifyBackup,
  restore,
  cutover,
  releaseChannel,
  genCert,
  adminCommand,
  migrateOriginCommand,
];
