import type { Db } from '../db/client.ts';
import { DAY_MS, nowIso } from '../db/time.ts';

export interface AccessLogEntry {
  id: number;
  action: string;
  ip_address: string | null;
  user_agent: string | null;
  created_at: string;
}

/** The access log: who logged in, refreshed, logged out, changed a password (origin `access_logs`). */
export class AccessLogRepo {
  constructor(private readonly db: Db) {}

  async record(userId: number | null, action: string, ip: string | null, userAgent: string | null): Promise<void> {
    await this.db.execute({
      sql: 'INSERT INTO access_logs (user_id, action, ip_address, user_agent, created_at) VALUES (?, ?, ?, ?, ?)',
      args: [userId, action, ip?.slice(0, 64) ?? null, userAgent?.slice(0, 500) ?? null, nowIso()],
    });
  }

  /** Counts by action since `sinceIso`, and the newest `limit` entries, of one user. */
  async summary(userId: number, sinceIso: string, limit: number): Promise<{ actions: Record<string, number>; recent: AccessLogEntry[] }> {
    const [actions, recent] = await this.db.batch(
      [
        { sql: 'SELECT action, COUNT(*) AS n FROM access_logs WHERE user_id = ? AND created_at >= ? GROUP BY action', args: [userId, sinceIso] },
        { sql: 'SELECT id, action, ip_address, user_agent, created_at FROM access_logs WHERE user_id = ? ORDER BY id DESC LIMIT ?', args: [userId, limit] },
      ],
      'read',
    );
    return {
      actions: Object.fromEntries(actions!.rows.map((r) => [String(r.action), Number(r.n)])),
      recent: recent!.rows.map((r) => ({
        id: Number(r.id),
        action: String(r.action),
        ip_address: r.ip_address == null ? null : String(r.ip_address),
        user_agent: r.user_agent == null ? null : String(r.user_agent),
        created_at: String(r.created_at),
      })),
    };
  }

  /** Maintenance: entries older than `days`, except those under an active legal hold. */
  async cleanup(days: number): Promise<number> {
    const rs = await this.db.execute({
      sql: `DELETE FROM access_logs WHERE created_at < ? AND CAST(id AS TEXT) NOT IN
              (SELECT target_id FROM legal_holds WHERE hold_type = 'access_log' AND active = 1)`,
      args: [new Date(Date.now() - days * DAY_MS).toISOString()],
    });
    return rs.rowsAffected;
  }
}
