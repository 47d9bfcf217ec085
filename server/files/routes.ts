import { Hono } from 'hono';
import { allowedUploadExtensions, fileTypeOf, uploadFormSchema } from '../../protocol/rest/files.ts';
import { parseWith } from '../../protocol/validate.ts';
import { ApiError } from '../http/api-error.ts';
import type { AppEnv } from '../http/env.ts';
import { pathId, route } from '../http/route.ts';
import type { Logger } from '../logger.ts';
import type { RoomAccess } from '../members/access.ts';
import type { Membership } from '../members/membership.ts';
import type { Broadcast } from '../realtime/broadcast.ts';
import { makeThumbnail } from './images.ts';
import { receiveUpload } from './receive.ts';
import type { FileRepo } from './repo.ts';
import type { Scanner } from './scan.ts';
import type { UploadStorage } from './storage.ts';
import type { UploadTokens } from './upload-tokens.ts';

export interface FileRouteDeps {
  files: FileRepo;
  tokens: UploadTokens;
  storage: UploadStorage;
  scan: Scanner | null;
  membership: Membership;
  access: RoomAccess;
  broadcast: Broadcast;
  logger: Logger;
  maxUploadBytes: number;
}

/** Upload (a token, no message yet), a room's file list, and deleting a room file. */
export function fileRoutes(deps: FileRouteDeps): Hono<AppEnv> {
  const { files, storage } = deps;
  const app = new Hono<AppEnv>();

  route(app, 'POST /api/upload', async (c, { auth }) => {
    let roomId = 0;
    const upload = await receiveUpload(c, storage, deps.scan, {
      maxBytes: deps.maxUploadBytes,
      extensions: allowedUploadExtensions,
      tooLarge: 'UPLOAD_TOO_LARGE',
      notAllowed: 'UPLOAD_TYPE_NOT_ALLOWED',
      mismatch: 'UPLOAD_CONTENT_MISMATCH',
      field: {
        name: 'room_id',
        async check(value) {
          const parsed = parseWith(uploadFormSchema, { room_id: value });
          if (!parsed.ok) return 'UPLOAD_ROOM_ID_REQUIRED';
          if (!(await deps.membership.isMember(auth.userId, parsed.data.room_id))) return 'ROOM_ACCESS_DENIED';
          roomId = parsed.data.room_id;
          return null;
        },
      },
    });
    const fileType = fileTypeOf(upload.fileName);
    const { filePath, thumbPath } = storage.newRoomFile(upload.ext);
    let thumbnailPath: string | null = null;
    try {
      await storage.keep(upload.tempPath, filePath);
      if (fileType === 'image' && (await makeThumbnail(storage.resolve(filePath)!, storage.resolve(thumbPath)!))) thumbnailPath = thumbPath;
      const token = await deps.tokens.issue({ userId: auth.userId, roomId, filePath, fileName: upload.fileName, fileType, fileSize: upload.size, thumbnailPath });
      return { success: true as const, file_path: filePath, file_name: upload.fileName, file_type: fileType, upload_token: token, file_size: upload.size, thumbnail_path: thumbnailPath };
    } catch (err) {
      deps.logger.error('upload failed after validation', { error: (err as Error).message });
      await storage.removeTemp(upload.tempPath);
      await storage.remove([filePath, thumbPath]);
      throw new ApiError('UPLOAD_SAVE_FAILED');
    }
  });

  route(app, 'GET /api/rooms/:id/files', async (c, { auth, query }) => {
    const roomId = await deps.access.member(c, auth);
    return files.list(roomId, query().type);
  });

  route(app, 'DELETE /api/rooms/:id/files/:file_id', async (c, { auth }) => {
    const { roomId, role } = await deps.access.role(c, auth);
    const fileId = pathId(c.req.param('file_id'));
    const file = fileId === null ? null : await files.byId(roomId, fileId);
    if (!file) throw new ApiError('FILE_NOT_FOUND');
    if (file.uploaded_by !== auth.userId && role !== 'admin') throw new ApiError('FILE_DELETE_FORBIDDEN');
    const done = await files.delete(file);
    if (!done) throw new ApiError('FILE_NOT_FOUND');
    await storage.remove([file.file_path, file.thumbnail_path]);
    // The canonical event of a removed message: clients show it as deleted.
    if (done.deletedMessage !== null) deps.broadcast.emit({ rooms: [roomId] }, 'message_deleted', { room_id: roomId, message_id: done.deletedMessage });
    return { success: true as const };
  });

  return app;
}
