/** Upload rules both sides apply, without zod (the client bundle does not carry it); the REST
 * schemas in rest/files.ts re-export them. The server re-checks everything, with magic bytes. */

export type FileType = 'image' | 'file';

/** The default of the server's MAX_CONTENT_LENGTH: the largest file an upload may carry. */
export const MAX_UPLOAD_BYTES = 16 * 1024 * 1024;
export const UPLOAD_TOKEN_TTL_SECONDS = 300;
/** Thumbnails of images are at most this wide (and high), WebP. */
export const THUMBNAIL_MAX_PX = 480;
/** Profile images (origin: 5 MB, these extensions); stored re-encoded as WebP. */
export const PROFILE_IMAGE_MAX_BYTES = 5 * 1024 * 1024;
export const profileImageExtensions = ['png', 'jpg', 'jpeg', 'gif', 'webp'] as const;
export const allowedUploadExtensions = [
  'png', 'jpg', 'jpeg', 'gif', 'webp', 'bmp', 'tiff', 'tif', 'ico', 'svg', 'heic', 'heif',
  'pdf', 'doc', 'docx', 'xls', 'xlsx', 'txt', 'zip', 'rar', '7z',
] as const;
/** Served inline and sent as `image` messages; everything else is a `file`. */
export const imageExtensions = ['png', 'jpg', 'jpeg', 'gif', 'webp', 'bmp', 'ico'] as const;

function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? '' : fileName.slice(dot + 1).toLowerCase();
}
export function isAllowedUpload(fileName: string): boolean {
  return (allowedUploadExtensions as readonly string[]).includes(extensionOf(fileName));
}
export function fileTypeOf(fileName: string): FileType {
  return (imageExtensions as readonly string[]).includes(extensionOf(fileName)) ? 'image' : 'file';
}

/** Where a stored file is fetched: `file_path`, `thumbnail_path` and `profile_image` values are
 * paths under `/uploads/` (not under /api). Room files and thumbnails: members of the file's room
 * only; profile images: any signed-in user. Downloads answer ranges (206), ETag/304, and
 * `Cache-Control: private, no-store` (profiles: `private, max-age=3600`). */
export function uploadUrl(storedPath: string): string {
  return `/uploads/${storedPath}`;
}
