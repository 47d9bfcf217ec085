import path from 'node:path';
import { BackupError } from '../backup/create.ts';
import { LocationError, dataLocations } from '../backup/locations.ts';
import { restoreBackup } from '../backup/restore.ts';
import { loadConfig } from '../config.ts';
import type { Command } from './command.ts';
import { flags, usageError } from './flags.ts';

export const restore: Command = {
  name: 'restore',
  summary: 'restore a verified backup into an empty (or new) DATA_DIR; the server must be stopped',
  usage: '--from <backup dir>',
  async run(args, env) {
    const parsed = flags(this, args, { from: { type: 'string' } });
    if (!parsed) return 2;
    if (!parsed.values.from) return usageError(this, '--from is required');
    const from = path.resolve(parsed.values.from);
    try {
      const to = dataLocations(loadConfig(env));
      const manifest = await restoreBackup(from, to);
      process.stdout.write(`restored ${manifest.files.length} files from ${from} (taken ${manifest.created_at}) into ${to.dataDir}\n`);
      return 0;
    } catch (err) {
      if (!(err instanceof BackupError || err instanceof LocationError)) throw err;
      process.stderr.write(`restore refused: ${err.message}\n`);
      return 1;
    }
  },
};
