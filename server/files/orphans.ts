import fs from 'node:fs';
import type { FileRepo } from './repo.ts';
import type { UploadStorage } from './storage.ts';

/** Maintenance: stored files nothing refers to any more (an upload whose token expired unsent, a
 * temporary file left by a crash, a replaced avatar a failed request left behind), once older
 * than the grace period (origin: 30 minutes). Legal holds keep a file. */
export const ORPHAN_GRACE_MS = 30 * 60_000;

export async function cleanOrphans(storage: UploadStorage, files: FileRepo, kind: 'uploads' | 'profiles', graceMs = ORPHAN_GRACE_MS): Promise<number> {
  const old = (await storage.olderThan(graceMs)).filter((f) => f.stored.startsWith('profiles/') === (kind === 'profiles'));
  const kept = await files.referenced(old.map((f) => f.stored));
  let removed = 0;
  for (const f of old) {
    if (kept.has(f.stored)) continue;
    await fs.promises.rm(f.abs, { force: true });
    removed += 1;
  }
  return removed;
}
