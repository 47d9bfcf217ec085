import { type Client, createClient } from '@libsql/client';

/** The SQL of backups: a snapshot of a live database, and the checks run on a copy. Opened on its
 * own connection (never migrated: a backup must not change the schema it copies). */
export class BackupRepo {
  private constructor(private readonly db: Client) {}

  /** A file database (`file:` URL or a path). */
  static async open(fileOrUrl: string): Promise<BackupRepo> {
    const url = fileOrUrl.startsWith('file:') ? fileOrUrl : `file:${fileOrUrl}`;
    const repo = new BackupRepo(createClient({ url }));
    // A writer holding the lock briefly must not fail the backup.
    await repo.db.execute('PRAGMA busy_timeout=5000');
    return repo;
  }

  close(): void {
    this.db.close();
  }

  /** A consistent copy as a plain SQLite file, taken in one read transaction: WAL-safe, and the
   * server keeps writing meanwhile. */
  async snapshotInto(file: string): Promise<void> {
    await this.db.execute({ sql: 'VACUUM INTO ?', args: [file] });
  }

  async integrityCheck(): Promise<string[]> {
    const rs = await this.db.execute('PRAGMA integrity_check');
    return rs.rows.map((r) => String(r[0]));
  }

  async rowCounts(): Promise<Record<string, number>> {
    const tables = await this.db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
    const counts: Record<string, number> = {};
    for (const row of tables.rows) {
      const name = String(row.name);
      const rs = await this.db.execute(`SELECT COUNT(*) AS n FROM "${name.replace(/"/g, '""')}"`);
      counts[name] = Number(rs.rows[0]!.n);
    }
    return counts;
  }

  async schemaVersion(): Promise<number> {
    const rs = await this.db.execute('SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations');
    return Number(rs.rows[0]!.v);
  }

  /** Every stored upload path the database points at (room files, thumbnails, profile images). */
  async referencedUploads(): Promise<string[]> {
    const rs = await this.db.execute(`SELECT file_path AS p FROM room_files
      UNION SELECT thumbnail_path FROM room_files WHERE thumbnail_path IS NOT NULL
      UNION SELECT profile_image FROM users WHERE profile_image IS NOT NULL AND profile_image <> ''`);
    return rs.rows.map((r) => String(r.p));
  }
}
