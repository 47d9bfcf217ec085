import type { InStatement, Row } from '@libsql/client';
import type { AccountStatus, AdminAuditEntry, AdminUser } from '../../protocol/rest/admin.ts';
import type { Db } from '../db/client.ts';
import { nowIso } from '../db/time.ts';

/** An account's status from its columns: disabled wins, then the approval state. */
const STATUS_SQL = `CASE WHEN disabled_at IS NOT NULL THEN 'disabled' WHEN approval_status = 'approved' THEN 'active' ELSE approval_status END`;

/** A condition every statement of a change carries, so the check and the change are one atomic
 * batch (two admins disabling each other at once cannot both succeed). */
interface Guard {
  sql: string;
  args: Array<number | string>;
}
const ALWAYS: Guard = { sql: '1', args: [] };

/** Locking an account out is allowed unless it is a platform admin and no other platform admin
 * can act (approved, not disabled). It does not depend on the target's own state, so it reads
 * the same before and after the batch's first statement. */
function lockOut(targetId: number): Guard {
  return {
    sql: `NOT EXISTS (SELECT 1 FROM users t WHERE t.id = ? AND t.is_platform_admin = 1)
          OR EXISTS (SELECT 1 FROM users o WHERE o.id <> ? AND o.is_platform_admin = 1
                     AND o.approval_status = 'approved' AND o.disabled_at IS NULL)`,
    args: [targetId, targetId],
  };
}

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

  /** The audit entry of a change, written only when `guard` holds (see `lockOut`). */
  private audit(entry: AuditInput, guard: Guard): InStatement {
    return {
      sql: `INSERT INTO admin_audit (at, actor_user_id, action, target_user_id, details) SELECT ?, ?, ?, ?, ? WHERE ${guard.sql}`,
      args: [nowIso(), entry.actorId, entry.action, entry.targetId, JSON.stringify(entry.details ?? {}), ...guard.args],
    };
  }

  /** The change (each statement already carrying the guard) and its audit entry in one batch;
   * false when the guard stopped the first statement. */
  private async write(change: InStatement[], entry: AuditInput, guard: Guard = ALWAYS): Promise<boolean> {
    const [first] = await this.db.batch([...change, this.audit(entry, guard)], 'write');
    return (first?.rowsAffected ?? 0) > 0;
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

  /** Approve or reject an account (and close its approval request). A reject is refused (false)
   * when it would leave no platform admin able to act. */
  async review(entry: AuditInput & { action: 'user.approve' | 'user.reject' }, reason?: string): Promise<boolean> {
    const status = entry.action === 'user.approve' ? 'approved' : 'rejected';
    const guard = status === 'rejected' ? lockOut(entry.targetId) : ALWAYS;
    return this.write(
      [
        {
          sql: `UPDATE users SET approval_status = ?, updated_at = ? WHERE id = ? AND (${guard.sql})`,
          args: [status, nowIso(), entry.targetId, ...guard.args],
        },
        {
          sql: `UPDATE pending_user_approvals SET status = ?, reviewed_at = ?, reviewed_by = ?, reason = ?
                WHERE user_id = ? AND status = 'pending' AND (${guard.sql})`,
          args: [status, nowIso(), entry.actorId, reason?.slice(0, 500) ?? null, entry.targetId, ...guard.args],
        },
      ],
      entry,
      guard,
    );
  }

  /** Disable (refused, false, when it would leave no platform admin able to act) or enable. */
  async setDisabled(entry: AuditInput & { action: 'user.disable' | 'user.enable' }): Promise<boolean> {
    const disable = entry.action === 'user.disable';
    const guard = disable ? lockOut(entry.targetId) : ALWAYS;
    return this.write(
      [
        {
          sql: `UPDATE users SET disabled_at = ?, updated_at = ? WHERE id = ? AND (${guard.sql})`,
          args: [disable ? nowIso() : null, nowIso(), entry.targetId, ...guard.args],
        },
      ],
      entry,
      guard,
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
