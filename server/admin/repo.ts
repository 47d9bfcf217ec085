import type { InStatement, Row } from '@libsql/client';
import type { AccountStatus, AdminAuditEntry, AdminUser } from '../../protocol/rest/admin.ts';
import type { Db } from '../db/client.ts';
import { nowIso } from '../db/time.ts';

/** An account's status from its columns: disabled wins, then the approval state. */
const STATUS_SQL = `CASE WHEN disabled_at IS NOT NULL THEN 'disabled' WHEN approval_status = 'approved' THEN 'active' ELSE approval_status END`;

export type AuditAction = 'user.approve' | 'user.reject' | 'user.disable' | 'user.enable' | 'user.reset_password' | 'user.promote';

export interface AuditInput {
  /** null: an operator command. */
  actorId: number | null;
  action: AuditAction;
  targetId: number;
  details?: Record<string, unknown>;
}

function toAdminUser(r: Row): AdminUser {
  return {
    id: Number(r.id),
    username: String(r.username),
    nickname: String(r.nickname),
    status: String(r.account_status) as AccountStatus,
    is_platform_admin: Number(r.is_platform_admin) === 1,
    created_at: String(r.created_at),
    last_login_at: r.last_login_at == null ? null : String(r.last_login_at),
  };
}

function toEntry(r: Row): AdminAuditEntry {
  let details: Record<string, unknown> = {};
  try {
    details = r.details ? (JSON.parse(String(r.details)) as Record<string, unknown>) : {};
  } catch {
    // a hand-edited row: shown without details
  }
  return {
    id: Number(r.id),
    at: String(r.at),
    actor_user_id: r.actor_user_id == null ? null : Number(r.actor_user_id),
    action: String(r.action),
    target_user_id: r.target_user_id == null ? null : Number(r.target_user_id),
    details,
  };
}

/** Platform administration: account states and the admin audit log. Every change is written in
 * one batch with its audit entry, so an action and its entry land together or not at all. */
export class AdminRepo {
  constructor(private readonly db: Db) {}

  private audit(entry: AuditInput): InStatement {
    return {
      sql: 'INSERT INTO admin_audit (at, actor_user_id, action, target_user_id, details) VALUES (?, ?, ?, ?, ?)',
      args: [nowIso(), entry.actorId, entry.action, entry.targetId, JSON.stringify(entry.details ?? {})],
    };
  }

  private async write(change: InStatement[], entry: AuditInput): Promise<void> {
    await this.db.batch([...change, this.audit(entry)], 'write');
  }

  async list(status: AccountStatus | 'all', q: string): Promise<AdminUser[]> {
    const rs = await this.db.execute({
      sql: `SELECT id, username, nickname, is_platform_admin, created_at, last_login_at, account_status FROM (
              SELECT *, ${STATUS_SQL} AS account_status FROM users)
            WHERE (? = 'all' OR account_status = ?) AND (? = '' OR instr(lower(username), lower(?)) > 0)
            ORDER BY id`,
      args: [status, status, q, q],
    });
    return rs.rows.map(toAdminUser);
  }

  /** Platform admins who can still act (approved and not disabled), `exceptId` left out. */
  async activeAdminsExcept(exceptId: number): Promise<number> {
    const rs = await this.db.execute({
      sql: `SELECT COUNT(*) AS n FROM users
            WHERE is_platform_admin = 1 AND approval_status = 'approved' AND disabled_at IS NULL AND id <> ?`,
      args: [exceptId],
    });
    return Number(rs.rows[0]!.n);
  }

  /** Approve or reject an account (and close its approval request). */
  async review(entry: AuditInput & { action: 'user.approve' | 'user.reject' }, reason?: string): Promise<void> {
    const status = entry.action === 'user.approve' ? 'approved' : 'rejected';
    await this.write(
      [
        { sql: 'UPDATE users SET approval_status = ?, updated_at = ? WHERE id = ?', args: [status, nowIso(), entry.targetId] },
        {
          sql: `UPDATE pending_user_approvals SET status = ?, reviewed_at = ?, reviewed_by = ?, reason = ?
                WHERE user_id = ? AND status = 'pending'`,
          args: [status, nowIso(), entry.actorId, reason?.slice(0, 500) ?? null, entry.targetId],
        },
      ],
      entry,
    );
  }

  async setDisabled(entry: AuditInput & { action: 'user.disable' | 'user.enable' }): Promise<void> {
    const disabledAt = entry.action === 'user.disable' ? nowIso() : null;
    await this.write(
      [{ sql: 'UPDATE users SET disabled_at = ?, updated_at = ? WHERE id = ?', args: [disabledAt, nowIso(), entry.targetId] }],
      entry,
    );
  }

  /** A new password hash the user must replace at the next sign-in. */
  async resetPassword(entry: AuditInput & { action: 'user.reset_password' }, passwordHash: string): Promise<void> {
    await this.write(
      [
        {
          sql: 'UPDATE users SET password_hash = ?, must_change_password = 1, updated_at = ? WHERE id = ?',
          args: [passwordHash, nowIso(), entry.targetId],
        },
      ],
      entry,
    );
  }

  /** The operator command: make an account a platform admin that can sign in (approved, enabled).
   * Returns its id, or null for an unknown username. */
  async promote(username: string): Promise<number | null> {
    const user = await this.db.execute({ sql: 'SELECT id FROM users WHERE username = ?', args: [username] });
    const row = user.rows[0];
    if (!row) return null;
    const id = Number(row.id);
    await this.write(
      [
        {
          sql: `UPDATE users SET is_platform_admin = 1, approval_status = 'approved', disabled_at = NULL, updated_at = ? WHERE id = ?`,
          args: [nowIso(), id],
        },
        { sql: `UPDATE pending_user_approvals SET status = 'approved', reviewed_at = ? WHERE user_id = ? AND status = 'pending'`, args: [nowIso(), id] },
      ],
      { actorId: null, action: 'user.promote', targetId: id, details: { username: String(username) } },
    );
    return id;
  }

  /** Newest first, strictly below `beforeId`; `next` is the before_id of the following page. */
  async auditPage(limit: number, beforeId?: number): Promise<{ entries: AdminAuditEntry[]; next: number | null }> {
    const rs = await this.db.execute({
      sql: `SELECT * FROM admin_audit WHERE ? IS NULL OR id < ? ORDER BY id DESC LIMIT ?`,
      args: [beforeId ?? null, beforeId ?? null, limit + 1],
    });
    const entries = rs.rows.slice(0, limit).map(toEntry);
    return { entries, next: rs.rows.length > limit ? entries[entries.length - 1]!.id : null };
  }
}
