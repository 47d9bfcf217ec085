import path from 'node:path';
import { BackupError, createBackup } from '../backup/create.ts';
import { LocationError, dataLocations } from '../backup/locations.ts';
import { loadConfig } from '../config.ts';
import type { Command } from './command.ts';
import { flags, usageError } from './flags.ts';

export const backup: Command = {
  name: 'backup',
  summary: 'consistent online backup of the database, uploads and secrets (with a SHA-256 manifest)',
  usage: '--out <new dir>',
  async run(args, env) {
    const parsed = flags(this, args, { out: { type: 'string' } });
    if (!parsed) return 2;
    if (!parsed.values.out) return usageError(this, '--out is required');
    const out = path.resolve(parsed.values.out);
    try {
      const manifest = await createBackup(dataLocations(loadConfig(env)), out, env.npm_package_version ?? '0.1.0');
      const rows = Object.values(manifest.row_counts).reduce((a, b) => a + b, 0);
      process.stdout.write(`backup written to ${out}: ${manifest.files.length} files, ${rows} rows (schema ${manifest.schema_version})\n`);
      return 0;
    } catch (err) {
      if (!(err instanceof BackupError || err instanceof LocationError)) throw err;
      process.stderr.write(`backup failed: ${err.message}\n`);
      return 1;
    }
  },
};
