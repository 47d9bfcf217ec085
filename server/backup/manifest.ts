import crypto from 'node:crypto';
import fs from 'node:fs';
import { z } from 'zod';
import { PROFILE_RE, ROOM_FILE_RE, THUMB_RE } from '../files/storage.ts';

/** What a backup folder holds, and its manifest.json. Every name is one of these shapes, so a
 * hand-edited manifest can never make `restore` write outside its target. */
export const DATABASE_FILE = 'messenger.db';
export const MANIFEST_FILE = 'manifest.json';
export const DATA_FILES = ['secrets.json', 'settings.json', 'release-signing-key.json'] as const;
export const UPLOADS_PREFIX = 'uploads/';

export function isBackupPath(p: string): boolean {
  if (p === DATABASE_FILE || (DATA_FILES as readonly string[]).includes(p)) return true;
  if (!p.startsWith(UPLOADS_PREFIX)) return false;
  const stored = p.slice(UPLOADS_PREFIX.length);
  return ROOM_FILE_RE.test(stored) || THUMB_RE.test(stored) || PROFILE_RE.test(stored);
}

const fileEntry = z.object({
  path: z.string().refine(isBackupPath, 'not a backup file name'),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

export const manifestSchema = z.object({
  format: z.literal('intranet-messenger-backup'),
  format_version: z.literal(1),
  created_at: z.string(),
  app_version: z.string(),
  schema_version: z.number().int().nonnegative(),
  row_counts: z.record(z.string(), z.number().int().nonnegative()),
  files: z.array(fileEntry),
});
export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestFile = z.infer<typeof fileEntry>;

/** SHA-256 (hex) and size of a file, streamed. */
export async function hashFile(file: string): Promise<{ bytes: number; sha256: string }> {
  const hash = crypto.createHash('sha256');
  let bytes = 0;
  for await (const chunk of fs.createReadStream(file)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { bytes, sha256: hash.digest('hex') };
}
