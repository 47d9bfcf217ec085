import type { Db } from '../db/client.ts';

/** The last maintenance pass as stored by whichever instance ran it. */
export interface StoredMaintenanceRun {
  holder: string;
  lastRunAt: string | null;
  report: string | null;
}

/** The database as health and readiness see it, and the maintenance lease. */
export class SystemRepo {
  constructor(private readonly db: Db) {}

  async ping(): Promise<void> {
    await this.db.execute('SELECT 1');
  }

  /** Take (or renew) the lease `name` until now + ttl: one statement, so of two instances racing
   * exactly one gets it. The holder renews its own lease; anyone takes an expired one. */
  async takeLease(name: string, holder: string, ttlMs: number, now = Date.now()): Promise<boolean> {
    const rs = await this.db.execute({
      sql: `INSERT INTO maintenance_lease (name, holder, expires_at) VALUES (?, ?, ?)
            ON CONFLICT(name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
            WHERE maintenance_lease.expires_at <= ? OR maintenance_lease.holder = excluded.holder
            RETURNING holder`,
      args: [name, holder, new Date(now + ttlMs).toISOString(), new Date(now).toISOString()],
    });
    return rs.rows.length === 1;
  }

  /** Graceful shutdown: another instance may take over at its next tick. */
  async releaseLease(name: string, holder: string): Promise<void> {
    await this.db.execute({
      sql: 'UPDATE maintenance_lease SET expires_at = ? WHERE name = ? AND holder = ?',
      args: [new Date(0).toISOString(), name, holder],
    });
  }

  async saveRun(name: string, holder: string, at: string, report: string): Promise<void> {
    await this.db.execute({
      sql: 'UPDATE maintenance_lease SET last_run_at = ?, last_report = ? WHERE name = ? AND holder = ?',
      args: [at, report, name, holder],
    });
  }

  async lastRun(name: string): Promise<StoredMaintenanceRun | null> {
    const rs = await this.db.execute({ sql: 'SELECT holder, last_run_at, last_report FROM maintenance_lease WHERE name = ?', args: [name] });
    const row = rs.rows[0];
    if (!row) return null;
    return {
      holder: String(row.holder),
      lastRunAt: row.last_run_at === null ? null : String(row.last_run_at),
      report: row.last_report === null ? null : String(row.last_report),
    };
  }
}
