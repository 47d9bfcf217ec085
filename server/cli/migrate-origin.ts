import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/client.ts';
import { UploadStorage } from '../files/storage.ts';
import { RoomKeys } from '../keys/room-keys.ts';
import { ORIGIN_DEFAULT_SALT } from '../origin/convert.ts';
import { migrateOrigin } from '../origin/migrate.ts';
import { ImportRepo, OriginSource } from '../origin/repo.ts';
import { loadOrCreateSecrets } from '../secrets.ts';
import type { Command } from './command.ts';
import { flags, usageError } from './flags.ts';

/** `migrate-origin`: the origin's messenger.db and uploads into the database and uploads folder
 * this server uses (DATA_DIR / DATABASE_URL / UPLOAD_DIR), schema migrations first. Safe to run
 * again: what is already here is left alone. The origin's `.master_key` and `.security_salt` are
 * taken from beside messenger.db unless given. */
export const migrateOriginCommand: Command = {
  name: 'migrate-origin',
  summary: "import the origin's messenger.db and uploads (users, rooms, messages, files …); safe to re-run",
  usage: '--from <origin messenger.db> --uploads <origin uploads dir> [--salt-file <origin .security_salt>] [--master-key <origin .master_key>]',
  async run(args, env) {
    const parsed = flags(this, args, {
      from: { type: 'string' },
      uploads: { type: 'string' },
      'salt-file': { type: 'string' },
      'master-key': { type: 'string' },
    });
    if (!parsed) return 2;
    const v = parsed.values;
    if (!v.from || !fs.statSync(v.from, { throwIfNoEntry: false })?.isFile()) return usageError(this, '--from must name the origin messenger.db');
    if (!v.uploads || !fs.statSync(v.uploads, { throwIfNoEntry: false })?.isDirectory()) return usageError(this, '--uploads must name the origin uploads folder');
    const besideDb = (name: string) => {
      const p = path.join(path.dirname(path.resolve(v.from!)), name);
      return fs.existsSync(p) ? p : undefined;
    };

    const saltFile = v['salt-file'] ?? besideDb('.security_salt');
    if (v['salt-file'] && !fs.existsSync(v['salt-file'])) return usageError(this, `--salt-file ${v['salt-file']} does not exist`);
    const legacySalt = saltFile ? fs.readFileSync(saltFile, 'utf8').trim() : ORIGIN_DEFAULT_SALT;

    const keyFile = v['master-key'] ?? besideDb('.master_key');
    let originMasterKey: Buffer | null = null;
    if (keyFile) {
      originMasterKey = fs.readFileSync(keyFile);
      if (originMasterKey.length !== 32) return usageError(this, `${keyFile} is not a master key (32 bytes)`);
    }

    const config = loadConfig(env);
    const origin = await OriginSource.open(v.from).catch((err: Error) => err);
    if (origin instanceof Error) {
      process.stderr.write(`migrate-origin: cannot read ${v.from}: ${origin.message}\n`);
      return 1;
    }
    const db = await openDatabase(config.databaseUrl, config.databaseAuthToken);
    try {
      process.stdout.write(`migrate-origin: ${v.from} → ${config.databaseUrl.replace(/\?.*$/, '')}, uploads → ${config.uploadDir}\n`);
      process.stdout.write(`legacy password salt: ${saltFile ?? 'the origin default (no .security_salt)'}; origin master key: ${keyFile ?? 'none'}\n`);
      const report = await migrateOrigin({
        origin,
        uploadsDir: v.uploads,
        originMasterKey,
        legacySalt,
        target: new ImportRepo(db),
        roomKeys: new RoomKeys(loadOrCreateSecrets(config.dataDir).masterKey),
        storage: new UploadStorage(config.uploadDir),
      });
      for (const line of report.lines()) process.stdout.write(`${line}\n`);
      process.stdout.write(`done: ${report.totalImported()} new rows and files\n`);
      return 0;
    } catch (err) {
      process.stderr.write(`migrate-origin failed: ${(err as Error).message}\n`);
      return 1;
    } finally {
      origin.close();
      db.close();
    }
  },
};
