import type Sharp from 'sharp';
import { THUMBNAIL_MAX_PX } from '../../protocol/rest/files.ts';

/** Image work with sharp (libvips, prebuilt per platform): thumbnails of uploaded images and the
 * re-encoded profile images. Both decode hostile input, so the pixel count is capped (a small
 * file can claim a huge canvas) and the output is always a fresh WebP: metadata (EXIF, GPS) is
 * dropped and nothing of the original's bytes is served as the new file. */

const MAX_INPUT_PIXELS = 50_000_000;
const PROFILE_PX = 512;

/** sharp is loaded at the first need: the single binary is built without it (its libvips is a
 * shared library the binary cannot embed), and there uploads keep working without thumbnails. */
let loaded: Promise<typeof Sharp | { unavailable: string }> | null = null;
function loadSharp() {
  loaded ??= import('sharp').then(
    (m) => {
      const sharp = m.default;
      // One image at a time per thread and no decoded-image cache: memory stays flat on a small server.
      sharp.cache(false);
      sharp.concurrency(1);
      return sharp;
    },
    (err: Error) => ({ unavailable: err.message }),
  );
  return loaded;
}

/** Null when images can be processed, else why not (loads sharp: call it when an image needs it). */
export async function imageProcessingUnavailable(): Promise<string | null> {
  const sharp = await loadSharp();
  return 'unavailable' in sharp ? sharp.unavailable : null;
}

async function open(absPath: string) {
  const sharp = await loadSharp();
  if ('unavailable' in sharp) throw new Error(sharp.unavailable);
  return sharp(absPath, { limitInputPixels: MAX_INPUT_PIXELS, sequentialRead: true, animated: false });
}

/** A WebP at most THUMBNAIL_MAX_PX wide and high (never enlarged), EXIF orientation applied.
 * False when sharp cannot decode the format (bmp, ico) or the file: the upload stays valid. */
export async function makeThumbnail(srcAbs: string, destAbs: string): Promise<boolean> {
  try {
    await (await open(srcAbs))
      .rotate()
      .resize({ width: THUMBNAIL_MAX_PX, height: THUMBNAIL_MAX_PX, fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 78 })
      .toFile(destAbs);
    return true;
  } catch {
    return false;
  }
}

/** The profile image as stored: a square-bounded WebP. False when the image cannot be decoded. */
export async function makeProfileImage(srcAbs: string, destAbs: string): Promise<boolean> {
  try {
    await (await open(srcAbs))
      .rotate()
      .resize({ width: PROFILE_PX, height: PROFILE_PX, fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 82 })
      .toFile(destAbs);
    return true;
  } catch {
    return false;
  }
}
