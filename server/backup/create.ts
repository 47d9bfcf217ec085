import fs from 'node:fs';
import path from 'node:path';
import { nowIso } from '../db/time.ts';
import type { DataLocations } from './locations.ts';
import { DATA_FILES, DATABASE_FILE, MANIFEST_FILE, type Manifest, type ManifestFile, UPLOADS_PREFIX, hashFile, isBackupPath } from './manifest.ts';
import { BackupRepo } from './repo.ts';

export class BackupError extends Error {}
/** A file was deleted between the snapshot and its copy: worth another attempt. */
class MissingUploads extends BackupError {}

/** Stored upload paths present on disk (room files, thumbnails, profiles; never tmp/). */
function listUploads(uploadDir: string): string[] {
  const out: string[] = [];
  for (const sub of ['', 'thumbs', 'profiles']) {
    const names = fs.existsSync(path.join(uploadDir, sub)) ? fs.readdirSync(path.join(uploadDir, sub)) : [];
    for (const name of names) {
      const stored = sub ? `${sub}/${name}` : name;
      if (isBackupPath(UPLOADS_PREFIX + stored)) out.push(stored);
    }
  }
  return out.sort();
}

/** One attempt: the database first (a consistent snapshot), then the files it points at. Uploads
 * land on disk before any row names them, so every file the snapshot references exists — unless
 * it was deleted meanwhile, which makes this attempt fail (the caller retries). */
async function attempt(from: DataLocations, out: string, appVersion: string): Promise<Manifest> {
  fs.mkdirSync(out);
  const dbCopy = path.join(out, DATABASE_FILE);
  const live = await BackupRepo.open(from.databaseFile);
  try {
    await live.snapshotInto(dbCopy);
  } finally {
    live.close();
  }
  const snapshot = await BackupRepo.open(dbCopy);
  let rowCounts: Record<string, number>;
  let schemaVersion: number;
  let referenced: string[];
  try {
    [rowCounts, schemaVersion, referenced] = [await snapshot.rowCounts(), await snapshot.schemaVersion(), await snapshot.referencedUploads()];
  } finally {
    snapshot.close();
  }
  // Opening the copy may leave journal files beside it; the backup is the one file.
  for (const extra of ['-wal', '-shm', '-journal']) fs.rmSync(dbCopy + extra, { force: true });

  const copied = new Set<string>();
  fs.mkdirSync(path.join(out, 'uploads', 'thumbs'), { recursive: true });
  fs.mkdirSync(path.join(out, 'uploads', 'profiles'), { recursive: true });
  for (const stored of listUploads(from.uploadDir)) {
    try {
      fs.copyFileSync(path.join(from.uploadDir, stored), path.join(out, 'uploads', stored));
      copied.add(stored);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  const missing = referenced.filter((p) => !copied.has(p));
  if (missing.length) throw new MissingUploads(`uploads referenced by the database are missing: ${missing.slice(0, 5).join(', ')}`);

  for (const name of DATA_FILES) {
    const src = path.join(from.dataDir, name);
    if (fs.existsSync(src)) fs.copyFileSync(src, path.join(out, name));
  }

  const files: ManifestFile[] = [];
  for (const rel of [DATABASE_FILE, ...DATA_FILES.filter((n) => fs.existsSync(path.join(out, n))), ...[...copied].sort().map((s) => UPLOADS_PREFIX + s)]) {
    files.push({ path: rel, ...(await hashFile(path.join(out, rel))) });
  }
  return {
    format: 'intranet-messenger-backup',
    format_version: 1,
    created_at: nowIso(),
    app_version: appVersion,
    schema_version: schemaVersion,
    row_counts: rowCounts,
    files,
  };
}

/** Back up a live deployment into `out`, a folder that must not exist yet. */
export async function createBackup(from: DataLocations, out: string, appVersion: string): Promise<Manifest> {
  if (fs.existsSync(out)) throw new BackupError(`${out} already exists: name a new folder`);
  if (!fs.existsSync(from.databaseFile)) throw new BackupError(`no database at ${from.databaseFile}`);
  if (!fs.existsSync(path.join(from.dataDir, 'secrets.json'))) throw new BackupError(`no secrets.json in ${from.dataDir}: is DATA_DIR the server's?`);
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  for (let tries = 1; ; tries++) {
    try {
      const manifest = await attempt(from, out, appVersion);
      // Written last: a folder without a manifest is an unfinished backup.
      fs.writeFileSync(path.join(out, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
      return manifest;
    } catch (err) {
      fs.rmSync(out, { recursive: true, force: true });
      if (!(err instanceof MissingUploads) || tries >= 3) throw err;
    }
  }
}
