import fs from 'node:fs';
import path from 'node:path';
import { BackupError } from './create.ts';
import type { DataLocations } from './locations.ts';
import { DATABASE_FILE, type Manifest, UPLOADS_PREFIX, hashFile } from './manifest.ts';
import { verifyBackup } from './verify.ts';

const isEmptyOrAbsent = (dir: string) => !fs.existsSync(dir) || fs.readdirSync(dir).length === 0;

/** Where a manifest path goes in a deployment. */
function target(to: DataLocations, rel: string): string {
  if (rel === DATABASE_FILE) return to.databaseFile;
  if (rel.startsWith(UPLOADS_PREFIX)) return path.join(to.uploadDir, rel.slice(UPLOADS_PREFIX.length));
  return path.join(to.dataDir, rel);
}

/** Restore a verified backup into an empty (or absent) data dir. A non-empty target is refused
 * before anything is written; a failure part-way empties what this run wrote. */
export async function restoreBackup(from: string, to: DataLocations): Promise<Manifest> {
  for (const dir of new Set([to.dataDir, to.uploadDir, path.dirname(to.databaseFile)])) {
    if (!isEmptyOrAbsent(dir)) throw new BackupError(`${dir} is not empty: restore only into an empty or new folder`);
  }
  const verdict = await verifyBackup(from);
  if (!verdict.ok) throw new BackupError(`the backup does not verify:\n  ${verdict.reasons.join('\n  ')}`);
  const created = [to.dataDir, to.uploadDir, path.dirname(to.databaseFile)].filter((d) => !fs.existsSync(d));
  try {
    for (const f of verdict.manifest.files) {
      const dest = target(to, f.path);
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      fs.copyFileSync(path.join(from, f.path), dest);
      // The copy is checked too: a failing disk is found now, not at the next start.
      const copied = await hashFile(dest);
      if (copied.sha256 !== f.sha256) throw new BackupError(`${dest}: the copy does not match the backup`);
      if (f.path === 'secrets.json' || f.path === 'release-signing-key.json') fs.chmodSync(dest, 0o600);
    }
    for (const sub of ['thumbs', 'profiles']) fs.mkdirSync(path.join(to.uploadDir, sub), { recursive: true });
  } catch (err) {
    for (const dir of [to.dataDir, to.uploadDir, path.dirname(to.databaseFile)]) {
      if (created.includes(dir)) fs.rmSync(dir, { recursive: true, force: true });
      else if (fs.existsSync(dir)) for (const e of fs.readdirSync(dir)) fs.rmSync(path.join(dir, e), { recursive: true, force: true });
    }
    throw err;
  }
  return verdict.manifest;
}
