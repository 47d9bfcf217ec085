import { createHash, randomBytes } from 'node:crypto';
import type { FileType } from '../../protocol/rest/files.ts';
import { ApiError } from '../http/api-error.ts';
import type { UploadTokenCheck } from '../messages/socket.ts';
import type { FileRepo } from './repo.ts';
import type { UploadStorage } from './storage.ts';

/** Upload tokens: 32 random bytes (base64url, 43 characters) handed to the uploader once; only
 * their SHA-256 is stored. Bound to user, room, file and type; single use; `ttlMs` (300 s). */
export class UploadTokens implements UploadTokenCheck {
  constructor(
    private readonly files: FileRepo,
    private readonly storage: UploadStorage,
    private readonly ttlMs: number,
  ) {}

  static hash(token: string): string {
    return createHash('sha256').update(token).digest('hex');
  }

  async issue(t: { userId: number; roomId: number; filePath: string; fileName: string; fileType: FileType; fileSize: number; thumbnailPath: string | null }): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.files.issueToken({ ...t, tokenHash: UploadTokens.hash(token), expiresAt: new Date(Date.now() + this.ttlMs).toISOString() });
    return token;
  }

  /** One error code per reason (origin's reasons). The writer's transaction re-checks all of it,
   * so a token used by a concurrent send between this check and the insert is still refused. */
  async check(token: string, use: { userId: number; roomId: number; type: FileType }): Promise<{ tokenHash: string }> {
    const tokenHash = UploadTokens.hash(token);
    const row = await this.files.token(tokenHash);
    if (!row) throw new ApiError('UPLOAD_TOKEN_INVALID');
    if (row.userId !== use.userId) throw new ApiError('UPLOAD_TOKEN_USER_MISMATCH');
    if (row.consumed) throw new ApiError('UPLOAD_TOKEN_USED_OR_EXPIRED');
    if (row.expiresAt <= new Date().toISOString()) throw new ApiError('UPLOAD_TOKEN_EXPIRED');
    if (row.roomId !== use.roomId) throw new ApiError('UPLOAD_TOKEN_ROOM_MISMATCH');
    if (row.fileType !== use.type) throw new ApiError('UPLOAD_TOKEN_TYPE_MISMATCH');
    if (!this.storage.exists(row.filePath)) throw new ApiError('UPLOAD_FILE_NOT_FOUND');
    return { tokenHash };
  }
}
