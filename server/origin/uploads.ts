import fs from 'node:fs';
import { makeProfileImage } from '../files/images.ts';
import type { UploadStorage } from '../files/storage.ts';
import { originUploadPath, profileFileName, roomFileName } from './convert.ts';
import type { MigrationReport } from './report.ts';

/** Where the origin's uploads are and where ours go. */
export interface UploadFolders {
  uploadsDir: string;
  storage: UploadStorage;
}

/** Copy one room upload into our uploads folder (once); its stored name, or null when missing. */
export async function copyRoomFile(inp: UploadFolders, report: MigrationReport, originPath: string): Promise<string | null> {
  const src = originPath ? originUploadPath(inp.uploadsDir, originPath) : null;
  if (!src || !fs.existsSync(src)) return null;
  const stored = roomFileName(originPath);
  if (inp.storage.exists(stored)) {
    report.counted('upload files', 1, 1, 0);
    return stored;
  }
  await fs.promises.copyFile(src, inp.storage.resolve(stored)!);
  report.counted('upload files', 1, 1, 1);
  return stored;
}

/** A profile image re-encoded as ours are (WebP by sharp); null with a note when it cannot be. */
export async function copyProfileImage(inp: UploadFolders, report: MigrationReport, userId: number, originPath: string | null): Promise<string | null> {
  if (!originPath?.trim()) return null;
  const stored = profileFileName(userId, originPath.trim());
  if (inp.storage.exists(stored)) return stored;
  const src = originUploadPath(inp.uploadsDir, originPath.trim());
  if (!src || !fs.existsSync(src)) {
    report.note('profile images', 'file missing: account imported without a picture', userId);
    return null;
  }
  if (!(await makeProfileImage(src, inp.storage.resolve(stored)!))) {
    report.note('profile images', 'not a readable image (or no image processing here): account imported without a picture', userId);
    return null;
  }
  report.counted('profile images', 1, 1, 1);
  return stored;
}
