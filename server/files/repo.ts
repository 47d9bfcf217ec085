import type { Row } from '@libsql/client';
import { DELETED_CONTENT } from '../../protocol/message-content.ts';
import type { FileType, RoomFile } from '../../protocol/rest/files.ts';
import type { Db } from '../db/client.ts';
import { nowIso } from '../db/time.ts';

/** Upload tokens and room files. A token's row is written at upload; send_message consumes it in
 * the message writer's transaction (messages/writer.ts), which also writes the room file row. */

export interface TokenRow {
  userId: number;
  roomId: number;
  filePath: string;
  fileName: string;
  fileType: FileType;
  expiresAt: string;
  consumed: boolean;
}

export interface NewToken {
  tokenHash: string;
  userId: number;
  roomId: number;
  filePath: string;
  fileName: string;
  fileType: FileType;
  fileSize: number;
  thumbnailPath: string | null;
  expiresAt: string;
}

const toRoomFile = (r: Row): RoomFile => ({
  id: Number(r.id),
  room_id: Number(r.room_id),
  message_id: r.message_id == null ? null : Number(r.message_id),
  file_path: String(r.file_path),
  file_name: String(r.file_name),
  file_size: r.file_size == null ? null : Number(r.file_size),
  file_type: r.file_type === 'image' ? 'image' : 'file',
  uploaded_by: Number(r.uploaded_by),
  uploaded_at: String(r.uploaded_at),
  uploader_name: r.uploader_name == null ? null : String(r.uploader_name),
  thumbnail_path: r.thumbnail_path == null ? null : String(r.thumbnail_path),
});

export class FileRepo {
  constructor(private readonly db: Db) {}

  async issueToken(t: NewToken): Promise<void> {
    await this.db.execute({
      sql: `INSERT INTO upload_tokens (token_hash, user_id, room_id, file_path, file_name, file_type, file_size, thumbnail_path, issued_at, expires_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      args: [t.tokenHash, t.userId, t.roomId, t.filePath, t.fileName, t.fileType, t.fileSize, t.thumbnailPath, nowIso(), t.expiresAt],
    });
  }

  async token(tokenHash: string): Promise<TokenRow | null> {
    const rs = await this.db.execute({ sql: 'SELECT * FROM upload_tokens WHERE token_hash = ?', args: [tokenHash] });
    const r = rs.rows[0];
    if (!r) return null;
    return {
      userId: Number(r.user_id),
      roomId: Number(r.room_id),
      filePath: String(r.file_path),
      fileName: String(r.file_name),
      fileType: r.file_type === 'image' ? 'image' : 'file',
      expiresAt: String(r.expires_at),
      consumed: r.consumed_at != null,
    };
  }

  /** Newest first; `type` filters on file_type (an unknown value matches nothing). */
  async list(roomId: number, type?: string): Promise<RoomFile[]> {
    const rs = await this.db.execute({
      sql: `SELECT f.*, u.nickname AS uploader_name FROM room_files f LEFT JOIN users u ON u.id = f.uploaded_by
            WHERE f.room_id = ? ${type === undefined ? '' : 'AND f.file_type = ?'} ORDER BY f.id DESC`,
      args: type === undefined ? [roomId] : [roomId, type],
    });
    return rs.rows.map(toRoomFile);
  }

  async byId(roomId: number, fileId: number): Promise<RoomFile | null> {
    const rs = await this.db.execute({
      sql: `SELECT f.*, u.nickname AS uploader_name FROM room_files f LEFT JOIN users u ON u.id = f.uploaded_by
            WHERE f.id = ? AND f.room_id = ?`,
      args: [fileId, roomId],
    });
    return rs.rows[0] ? toRoomFile(rs.rows[0]) : null;
  }

  /** The room of a stored file or thumbnail (the latest row naming it), for the download check. */
  async roomOfPath(stored: string): Promise<{ roomId: number; fileName: string } | null> {
    const rs = await this.db.execute({
      sql: `SELECT room_id, file_name FROM room_files WHERE file_path = ?
            UNION ALL SELECT room_id, file_name FROM room_files WHERE thumbnail_path = ? LIMIT 1`,
      args: [stored, stored],
    });
    const r = rs.rows[0];
    return r ? { roomId: Number(r.room_id), fileName: String(r.file_name) } : null;
  }

  /** Remove the row and soft-delete its message in one transaction (as a message delete does).
   * Returns the message id that was deleted now (null if none or already deleted), or false when
   * the row was already gone (a concurrent delete). */
  async delete(file: RoomFile): Promise<{ deletedMessage: number | null } | false> {
    const [msg, row] = await this.db.batch(
      [
        {
          sql: `UPDATE messages SET content = ?, encrypted = 0, file_path = NULL, file_name = NULL, deleted_at = ?
                WHERE id = ? AND deleted_at IS NULL AND EXISTS (SELECT 1 FROM room_files WHERE id = ?)`,
          args: [DELETED_CONTENT, nowIso(), file.message_id, file.id],
        },
        { sql: 'DELETE FROM room_files WHERE id = ?', args: [file.id] },
      ],
      'write',
    );
    if (row!.rowsAffected === 0) return false;
    return { deletedMessage: msg!.rowsAffected > 0 ? file.message_id : null };
  }

  /** Expired tokens, and consumed ones after 10 minutes (origin). */
  async purgeTokens(now = Date.now()): Promise<number> {
    const rs = await this.db.execute({
      sql: 'DELETE FROM upload_tokens WHERE expires_at <= ? OR (consumed_at IS NOT NULL AND consumed_at <= ?)',
      args: [new Date(now).toISOString(), new Date(now - 600_000).toISOString()],
    });
    return rs.rowsAffected;
  }

  /** Which of these stored paths something still refers to: a room file or thumbnail, an
   * unconsumed token's file, a user's profile image, or an active legal hold. */
  async referenced(stored: readonly string[]): Promise<Set<string>> {
    if (stored.length === 0) return new Set();
    const json = JSON.stringify(stored);
    const rs = await this.db.execute({
      sql: `SELECT value AS p FROM json_each(?) WHERE
              EXISTS (SELECT 1 FROM room_files WHERE file_path = value OR thumbnail_path = value)
              OR EXISTS (SELECT 1 FROM upload_tokens WHERE consumed_at IS NULL AND (file_path = value OR thumbnail_path = value))
              OR EXISTS (SELECT 1 FROM users WHERE profile_image = value)
              OR EXISTS (SELECT 1 FROM legal_holds WHERE hold_type = 'file_path' AND active = 1 AND target_id = value)`,
      args: [json],
    });
    return new Set(rs.rows.map((r) => String(r.p)));
  }
}
