import { z } from 'zod';
import { idSchema, timestampSchema } from '../common.ts';
import { looseId } from '../fields.ts';

export {
  MAX_UPLOAD_BYTES,
  PROFILE_IMAGE_MAX_BYTES,
  THUMBNAIL_MAX_PX,
  UPLOAD_TOKEN_TTL_SECONDS,
  allowedUploadExtensions,
  fileTypeOf,
  imageExtensions,
  isAllowedUpload,
  profileImageExtensions,
  uploadUrl,
} from '../file-rules.ts';

export const fileTypeSchema = z.enum(['image', 'file']);
export type FileType = z.infer<typeof fileTypeSchema>;

// ---- POST /api/upload (multipart: room_id, file)
/** The form's room_id field; the file part is checked by the route (size, name, type, magic).
 * Send `room_id` BEFORE `file` (FormData keeps append order): membership is then checked before
 * a byte of the file is stored. A file that comes first is streamed to a temporary file and
 * dropped unless the room_id after it is one of the caller's rooms. New: `?room_id=` in the query
 * is accepted too and checked before the body is read at all (a refusal comes at once, not after
 * the upload); a form room_id that differs from it is refused. At most MAX_UPLOAD_BYTES of
 * file (the server's MAX_CONTENT_LENGTH); over it, or a Content-Length over it, is 413
 * UPLOAD_TOO_LARGE before the body is read. Empty files are refused (UPLOAD_FILE_EMPTY). */
export const uploadFormSchema = z.object({
  room_id: looseId('UPLOAD_ROOM_ID_REQUIRED'),
});
/** The optional query form of room_id (same rule as the field). */
export const uploadQuerySchema = z.object({ room_id: z.string().optional() });
/** No message exists until `send_message` presents the single-use token (TTL 300 s). `file_name`
 * keeps the original (Korean) name; the origin's secure_filename reduced '보고서.pdf' to 'pdf'. */
export const uploadResponseSchema = z.object({
  success: z.literal(true),
  file_path: z.string(),
  file_name: z.string(),
  file_type: fileTypeSchema,
  upload_token: z.string(),
  /** New, additive: the stored size in bytes. */
  file_size: z.number().int().positive(),
  /** New, additive: an image's thumbnail (WebP, at most THUMBNAIL_MAX_PX wide and high) as a path
   * under /uploads/; null for other files and images the server cannot decode (bmp, ico). */
  thumbnail_path: z.string().nullable(),
});
export type UploadResponse = z.infer<typeof uploadResponseSchema>;

// ---- GET /api/rooms/:id/files?type=
/** `type` filters on file_type as the origin did; an unknown value simply matches nothing. */
export const roomFilesQuerySchema = z.object({ type: z.string().optional() });
export const roomFileSchema = z.object({
  id: idSchema,
  room_id: idSchema,
  message_id: idSchema.nullable(),
  file_path: z.string(),
  file_name: z.string(),
  file_size: z.number().int().nonnegative().nullable(),
  file_type: fileTypeSchema,
  uploaded_by: idSchema,
  uploaded_at: timestampSchema,
  uploader_name: z.string().nullable(),
  /** New, additive: as in the upload answer. */
  thumbnail_path: z.string().nullable(),
});
export type RoomFile = z.infer<typeof roomFileSchema>;
export const roomFilesResponseSchema = z.array(roomFileSchema);

// ---- DELETE /api/rooms/:id/files/:file_id (uploader or room admin)
/** Differs from the origin, which left the message pointing at a deleted file: the file's message
 * is soft-deleted with it and `message_deleted` is emitted to the room; the file and its
 * thumbnail are removed from disk. */
export const fileDeleteResponseSchema = z.object({ success: z.literal(true) });
