/** Upload policy both sides apply, without zod (the client pre-checks; the server re-checks, with
 * magic bytes). */
export const MAX_UPLOAD_BYTES = 16 * 1024 * 1024;
export const UPLOAD_TOKEN_TTL_SECONDS = 300;
export const allowedUploadExtensions = [
  'png', 'jpg', 'jpeg', 'gif', 'webp', 'bmp', 'tiff', 'tif', 'ico', 'svg', 'heic', 'heif',
  'pdf', 'doc', 'docx', 'xls', 'xlsx', 'txt', 'zip', 'rar', '7z',
] as const;
/** Served inline and sent as `image` messages; everything else is a `file`. */
export const imageExtensions = ['png', 'jpg', 'jpeg', 'gif', 'webp', 'bmp', 'ico'] as const;

export type FileType = 'image' | 'file';

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
