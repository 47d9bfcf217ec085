import path from 'node:path';
import { verifyBackup as verify } from '../backup/verify.ts';
import type { Command } from './command.ts';
import { flags } from './flags.ts';

export const verifyBackup: Command = {
  name: 'verify-backup',
  summary: 'check a backup: SHA-256 of every file, integrity, row counts, referenced uploads',
  usage: '<backup dir>',
  async run(args) {
    const parsed = flags(this, args, {}, 1);
    if (!parsed) return 2;
    const dir = path.resolve(parsed.positionals[0]!);
    const verdict = await verify(dir);
    if (!verdict.ok) {
      process.stderr.write(`backup ${dir} is NOT good:\n  ${verdict.reasons.join('\n  ')}\n`);
      return 1;
    }
    process.stdout.write(`backup ${dir} is good: ${verdict.manifest.files.length} files, taken ${verdict.manifest.created_at}\n`);
    return 0;
  },
};
