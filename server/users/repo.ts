import type { Row } from '@libsql/client';
import type { UserListItem } from '../../protocol/rest/users.ts';
import type { Db } from '../db/client.ts';
import { nowIso } from '../db/time.ts';

export interface UserRow {
  id: number;
  username: string;
  passwordHash: string;
  nickname: string;
  profileImage: string | null;
  status: 'online' | 'offline';
  statusMessage: string | null;
  isPlatformAdmin: boolean;
  approvalStatus: 'pending' | 'approved' | 'rejected';
  /** Set while a platform admin has the account disabled. */
  disabledAt: string | null;
  /** After an admin reset: the user must choose a new password. */
  mustChangePassword: boolean;
}

const marks = (n: number) => Array.from({ length: n }, () => '?').join(',');

function toUser(r: Row): UserRow {
  return {
    id: Number(r.id),
    username: String(r.username),
    passwordHash: String(r.password_hash),
    nickname: String(r.nickname),
    profileImage: r.profile_image == null || r.profile_image === '' ? null : String(r.profile_image),
    status: r.status === 'online' ? 'online' : 'offline',
    statusMessage: r.status_message == null ? null : String(r.status_message),
    isPlatformAdmin: Number(r.is_platform_admin) === 1,
    approvalStatus: String(r.approval_status) as UserRow['approvalStatus'],
    disabledAt: r.disabled_at == null ? null : String(r.disabled_at),
    mustChangePassword: Number(r.must_change_password) === 1,
  };
}

/** Text is stored raw (never HTML-escaped at rest); clients escape at render. */
export class UserRepo {
  constructor(private readonly db: Db) {}

  /** null when the username is taken (case-insensitively). The first user becomes the platform
   * admin and is approved at once, since nobody could approve them. */
  async create(input: {
    username: string;
    passwordHash: string;
    nickname: string;
    pending: boolean;
  }): Promise<{ id: number; pending: boolean } | null> {
    const stmts = [
      {
        sql: `INSERT INTO users (username, password_hash, nickname, approval_status, is_platform_admin, created_at, updated_at)
              SELECT ?, ?, ?, CASE WHEN EXISTS (SELECT 1 FROM users) THEN ? ELSE 'approved' END,
                     NOT EXISTS (SELECT 1 FROM users), ?, ?
              WHERE NOT EXISTS (SELECT 1 FROM users WHERE username = ?)
              RETURNING id, approval_status`,
        args: [input.username, input.passwordHash, input.nickname, input.pending ? 'pending' : 'approved', nowIso(), nowIso(), input.username],
      },
    ];
    if (input.pending) {
      stmts.push({
        sql: `INSERT INTO pending_user_approvals (user_id, status, requested_at)
              SELECT id, 'pending', ? FROM users WHERE username = ? AND approval_status = 'pending'`,
        args: [nowIso(), input.username],
      });
    }
    try {
      const [rs] = await this.db.batch(stmts, 'write');
      const row = rs?.rows[0];
      return row ? { id: Number(row.id), pending: row.approval_status === 'pending' } : null;
    } catch (err) {
      if (String((err as Error).message).includes('UNIQUE')) return null;
      throw err;
    }
  }

  async byId(id: number): Promise<UserRow | null> {
    const rs = await this.db.execute({ sql: 'SELECT * FROM users WHERE id = ?', args: [id] });
    return rs.rows[0] ? toUser(rs.rows[0]) : null;
  }

  async byUsername(username: string): Promise<UserRow | null> {
    const rs = await this.db.execute({ sql: 'SELECT * FROM users WHERE username = ?', args: [username] });
    return rs.rows[0] ? toUser(rs.rows[0]) : null;
  }

  async setPasswordHash(id: number, hash: string): Promise<void> {
    await this.db.execute({ sql: 'UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?', args: [hash, nowIso(), id] });
  }

  /** The user's own new password: a forced change (after an admin reset) is done. */
  async setOwnPassword(id: number, hash: string): Promise<void> {
    await this.db.execute({
      sql: 'UPDATE users SET password_hash = ?, must_change_password = 0, updated_at = ? WHERE id = ?',
      args: [hash, nowIso(), id],
    });
  }

  async noteLogin(id: number): Promise<void> {
    await this.db.execute({ sql: 'UPDATE users SET last_login_at = ? WHERE id = ?', args: [nowIso(), id] });
  }

  async updateProfile(id: number, fields: { nickname?: string; status_message?: string }): Promise<UserRow | null> {
    const rs = await this.db.execute({
      sql: `UPDATE users SET nickname = COALESCE(?, nickname),
              status_message = CASE WHEN ? THEN NULLIF(?, '') ELSE status_message END, updated_at = ?
            WHERE id = ? RETURNING *`,
      args: [fields.nickname ?? null, fields.status_message !== undefined ? 1 : 0, fields.status_message ?? null, nowIso(), id],
    });
    return rs.rows[0] ? toUser(rs.rows[0]) : null;
  }

  /** Set (or clear, with null) the profile image; returns the user and the image it replaced. */
  async setProfileImage(id: number, image: string | null): Promise<{ user: UserRow; previous: string | null } | null> {
    const [before, after] = await this.db.batch(
      [
        { sql: 'SELECT profile_image FROM users WHERE id = ?', args: [id] },
        { sql: 'UPDATE users SET profile_image = ?, updated_at = ? WHERE id = ? RETURNING *', args: [image, nowIso(), id] },
      ],
      'write',
    );
    const row = after!.rows[0];
    if (!row) return null;
    const previous = before!.rows[0]?.profile_image;
    return { user: toUser(row), previous: previous ? String(previous) : null };
  }

  async listExcept(userId: number): Promise<UserListItem[]> {
    const rs = await this.db.execute({
      sql: `SELECT id, username, nickname, profile_image, status, status_message FROM users
            WHERE id <> ? AND approval_status = 'approved' AND disabled_at IS NULL ORDER BY nickname COLLATE NOCASE, id`,
      args: [userId],
    });
    return rs.rows.map((r) => ({
      id: Number(r.id),
      username: String(r.username),
      nickname: String(r.nickname),
      profile_image: r.profile_image ? String(r.profile_image) : null,
      status: r.status === 'online' ? 'online' : 'offline',
      status_message: r.status_message == null ? null : String(r.status_message),
    }));
  }

  /** The ids among `ids` that belong to approved accounts (unknown ones are dropped silently). */
  async approvedIds(ids: readonly number[]): Promise<number[]> {
    if (ids.length === 0) return [];
    const rs = await this.db.execute({
      sql: `SELECT id FROM users WHERE id IN (${marks(ids.length)}) AND approval_status = 'approved' ORDER BY id`,
      args: [...ids],
    });
    return rs.rows.map((r) => Number(r.id));
  }

  async nicknames(ids: readonly number[]): Promise<Map<number, string>> {
    if (ids.length === 0) return new Map();
    const rs = await this.db.execute({ sql: `SELECT id, nickname FROM users WHERE id IN (${marks(ids.length)})`, args: [...ids] });
    return new Map(rs.rows.map((r) => [Number(r.id), String(r.nickname)]));
  }

  /** Account deletion without FK failures (the origin's deletion failed on foreign keys): messages stay with a placeholder and a
   * NULL sender, memberships/sessions/reactions/votes cascade, rooms left without an admin get one
   * (the lowest remaining user id), rooms whose creator leaves get a new creator (admins first), and so do the user's polls. */
  async delete(userId: number): Promise<void> {
    await this.db.batch(
      [
        {
          sql: `UPDATE messages SET content = '[탈퇴한 사용자의 메시지]', encrypted = 0, file_path = NULL, file_name = NULL
                WHERE sender_id = ? AND message_type <> 'system'`,
          args: [userId],
        },
        // Their files leave the room lists with their messages (origin); maintenance removes the
        // stored files, and the profile image, as orphans.
        { sql: 'DELETE FROM room_files WHERE uploaded_by = ?', args: [userId] },
        // While their memberships still exist (no temp table: sqld refuses one), fix up the rooms
        // they are in as if they were gone: an admin if none would remain, then a new creator.
        {
          sql: `UPDATE room_members SET role = 'admin'
                WHERE (room_id, user_id) IN (
                  SELECT rm.room_id, MIN(rm.user_id) FROM room_members rm
                  WHERE rm.user_id <> ? AND rm.room_id IN (SELECT room_id FROM room_members WHERE user_id = ?)
                    AND NOT EXISTS (SELECT 1 FROM room_members a WHERE a.room_id = rm.room_id AND a.role = 'admin' AND a.user_id <> ?)
                  GROUP BY rm.room_id)`,
          args: [userId, userId, userId],
        },
        {
          sql: `UPDATE rooms SET created_by = (
                  SELECT user_id FROM room_members WHERE room_id = rooms.id AND user_id <> ? ORDER BY role = 'admin' DESC, user_id LIMIT 1)
                WHERE created_by = ? AND id IN (SELECT room_id FROM room_members WHERE user_id = ?)`,
          args: [userId, userId, userId],
        },
        { sql: 'DELETE FROM users WHERE id = ?', args: [userId] },
        // The origin's rule: the user's polls go to a remaining member (admins first), else they go.
        {
          sql: `UPDATE polls SET created_by = (
                  SELECT user_id FROM room_members WHERE room_id = polls.room_id ORDER BY role = 'admin' DESC, user_id LIMIT 1)
                WHERE created_by IS NULL`,
          args: [],
        },
        { sql: 'DELETE FROM polls WHERE created_by IS NULL', args: [] },
      ],
      'write',
    );
  }

  /** Presence is rebuilt from live sockets: nobody is online when the process starts. Whoever was
   * still marked online (a crash, or a stop) was last seen no later than now. */
  async resetPresence(): Promise<void> {
    await this.db.execute({ sql: "UPDATE users SET status = 'offline', last_seen_at = ? WHERE status <> 'offline'", args: [nowIso()] });
  }

  async setOnline(userId: number): Promise<void> {
    await this.db.execute({ sql: "UPDATE users SET status = 'online' WHERE id = ?", args: [userId] });
  }

  /** The last connection ended at `at` (UTC ISO-8601). */
  async setOffline(userId: number, at: string): Promise<void> {
    await this.db.execute({ sql: "UPDATE users SET status = 'offline', last_seen_at = ? WHERE id = ?", args: [at, userId] });
  }
}
