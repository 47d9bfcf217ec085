import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** The uploads folder. Stored names are random (the user's name lives only in the database) and
 * flat per kind, so a path from a URL is accepted only if it matches one of these exact shapes:
 * nothing a client sends is ever joined into a path unchecked.
 *   <32 hex>.<ext>             room files           (file_path)
 *   thumbs/<32 hex>.webp       their thumbnails     (thumbnail_path)
 *   profiles/<uid>_<32 hex>.webp  profile images    (users.profile_image)
 *   tmp/<32 hex>.part          uploads in progress (never served) */
export const ROOM_FILE_RE = /^[0-9a-f]{32}\.[a-z0-9]{1,5}$/;
export const THUMB_RE = /^thumbs\/[0-9a-f]{32}\.webp$/;
export const PROFILE_RE = /^profiles\/\d{1,16}_[0-9a-f]{32}\.webp$/;

const randomName = () => randomBytes(16).toString('hex');

export class UploadStorage {
  constructor(readonly root: string) {
    for (const dir of ['', 'thumbs', 'profiles', 'tmp']) fs.mkdirSync(path.join(root, dir), { recursive: true });
  }

  /** A fresh temporary file path (the caller creates it). */
  tempPath(): string {
    return path.join(this.root, 'tmp', `${randomName()}.part`);
  }

  /** A new stored name for a room file with this (allow-listed) extension, and its thumbnail's. */
  newRoomFile(ext: string): { filePath: string; thumbPath: string } {
    const id = randomName();
    return { filePath: `${id}.${ext}`, thumbPath: `thumbs/${id}.webp` };
  }

  newProfileImage(userId: number): string {
    return `profiles/${userId}_${randomName()}.webp`;
  }

  /** The absolute path of a stored path that has one of the known shapes, else null. */
  resolve(stored: string): string | null {
    if (!ROOM_FILE_RE.test(stored) && !THUMB_RE.test(stored) && !PROFILE_RE.test(stored)) return null;
    return path.join(this.root, stored);
  }

  /** Move a finished temporary file into place (same folder tree: an atomic rename). */
  async keep(tempPath: string, stored: string): Promise<void> {
    await fs.promises.rename(tempPath, path.join(this.root, stored));
  }

  /** Remove stored files; missing ones are fine (a second delete, a file never made). */
  async remove(stored: ReadonlyArray<string | null | undefined>): Promise<void> {
    for (const s of stored) {
      const abs = s ? this.resolve(s) : null;
      if (abs) await fs.promises.rm(abs, { force: true });
    }
  }

  async removeTemp(tempPath: string | null | undefined): Promise<void> {
    if (tempPath) await fs.promises.rm(tempPath, { force: true });
  }

  exists(stored: string): boolean {
    const abs = this.resolve(stored);
    return abs !== null && fs.existsSync(abs);
  }

  /** Stored files (room files, thumbnails, profiles, temporaries) older than `graceMs`, for the
   * orphan clean-up: their stored path and absolute path. */
  async olderThan(graceMs: number, now = Date.now()): Promise<Array<{ stored: string; abs: string }>> {
    const out: Array<{ stored: string; abs: string }> = [];
    for (const dir of ['', 'thumbs', 'profiles', 'tmp']) {
      const names = await fs.promises.readdir(path.join(this.root, dir)).catch(() => [] as string[]);
      for (const name of names) {
        const abs = path.join(this.root, dir, name);
        const st = await fs.promises.stat(abs).catch(() => null);
        if (st?.isFile() && now - st.mtimeMs > graceMs) out.push({ stored: dir ? `${dir}/${name}` : name, abs });
      }
    }
    return out;
  }
}
