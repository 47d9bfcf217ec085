import path from 'node:path';
import { type Client, type InStatement, type InValue, createClient } from '@libsql/client';
import type { Db } from '../db/client.ts';

/** The origin's tables this migration reads (inventory §3.2), each in id order so that a reply
 * comes after the message it answers. Tables the origin created lazily may be missing. */
const ORIGIN_TABLES = {
  users: 'id',
  pending_user_approvals: 'id',
  rooms: 'id',
  room_members: 'room_id, user_id',
  messages: 'id',
  message_reactions: 'id',
  pinned_messages: 'id',
  polls: 'id',
  poll_options: 'id',
  poll_votes: 'id',
  room_files: 'id',
} as const;
export type OriginTable = keyof typeof ORIGIN_TABLES;
export type OriginRow = Record<string, unknown>;

/** The origin's messenger.db, read only. */
export class OriginSource {
  private constructor(private readonly db: Client) {}

  static async open(file: string): Promise<OriginSource> {
    const db = createClient({ url: `file:${path.resolve(file)}` });
    const src = new OriginSource(db);
    // A file that is not an SQLite database fails here, before anything is written.
    await db.execute('SELECT count(*) FROM sqlite_master');
    return src;
  }

  async rows(table: OriginTable): Promise<OriginRow[]> {
    const exists = await this.db.execute({ sql: "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", args: [table] });
    if (exists.rows.length === 0) return [];
    const rs = await this.db.execute(`SELECT * FROM ${table} ORDER BY ${ORIGIN_TABLES[table]}`);
    return rs.rows.map((r) => Object.fromEntries(rs.columns.map((c) => [c, r[c]])));
  }

  close(): void {
    this.db.close();
  }
}

/** Our tables the migration fills, and their columns it sets. */
const TARGET_COLUMNS = {
  users: ['id', 'username', 'password_hash', 'nickname', 'profile_image', 'status_message', 'is_platform_admin', 'approval_status', 'created_at', 'updated_at'],
  rooms: ['id', 'name', 'type', 'created_by', 'encryption_key', 'created_at'],
  room_members: ['room_id', 'user_id', 'joined_at', 'last_read_message_id', 'pinned', 'muted', 'role'],
  messages: ['id', 'room_id', 'sender_id', 'content', 'encrypted', 'message_type', 'file_path', 'file_name', 'client_msg_id', 'reply_to', 'created_at'],
  message_reactions: ['id', 'message_id', 'user_id', 'emoji', 'created_at'],
  pinned_messages: ['id', 'room_id', 'message_id', 'content', 'pinned_by', 'pinned_at'],
  polls: ['id', 'room_id', 'created_by', 'question', 'multiple_choice', 'anonymous', 'closed', 'ends_at', 'created_at'],
  poll_options: ['id', 'poll_id', 'option_text'],
  poll_votes: ['id', 'poll_id', 'option_id', 'user_id', 'voted_at'],
  room_files: ['id', 'room_id', 'message_id', 'file_path', 'file_name', 'file_size', 'file_type', 'uploaded_by', 'uploaded_at'],
} as const;
export type TargetTable = keyof typeof TARGET_COLUMNS;
export type TargetRow<T extends TargetTable> = Record<(typeof TARGET_COLUMNS)[T][number], InValue>;

const BATCH = 500;

/** A row's origin key as recorded in origin_imports (SQL, per table, for the rows here now). */
const KEY_SQL: Record<TargetTable, string> = {
  users: 'id',
  rooms: 'id',
  room_members: "room_id || '/' || user_id",
  messages: 'id',
  message_reactions: 'id',
  pinned_messages: 'id',
  polls: 'id',
  poll_options: 'id',
  poll_votes: 'id',
  room_files: 'id',
};

/** Where an origin row stands here. */
export interface ImportState {
  /** Imported by an earlier run (whether or not it is still here). */
  imported: Set<string>;
  /** Keys of rows in the table now. */
  present: Set<string>;
}

/** Our database, as the migration writes it: rows with their origin ids, each recorded in
 * origin_imports in the same transaction, so a later run knows what it brought. */
export class ImportRepo {
  constructor(private readonly db: Db) {}

  async state(table: TargetTable): Promise<ImportState> {
    const [imported, present] = await this.db.batch(
      [
        { sql: 'SELECT origin_key AS k FROM origin_imports WHERE kind = ?', args: [table] },
        `SELECT ${KEY_SQL[table]} AS k FROM ${table}`,
      ],
      'read',
    );
    return { imported: new Set(imported!.rows.map((r) => String(r.k))), present: new Set(present!.rows.map((r) => String(r.k))) };
  }

  /** Origin rows that are here now (what later rows may refer to). */
  async importedIds(table: 'users' | 'rooms' | 'messages' | 'polls' | 'poll_options'): Promise<Set<number>> {
    const rs = await this.db.execute({
      sql: `SELECT t.id FROM ${table} t JOIN origin_imports o ON o.kind = ? AND o.origin_key = CAST(t.id AS TEXT)`,
      args: [table],
    });
    return new Set(rs.rows.map((r) => Number(r.id)));
  }

  /** Lower-cased usernames here, with their ids (usernames are unique without case). */
  async usernames(): Promise<Map<string, number>> {
    const rs = await this.db.execute('SELECT id, username FROM users');
    return new Map(rs.rows.map((r) => [String(r.username).toLowerCase(), Number(r.id)]));
  }

  /** Insert new rows and record them, in batches (each one transaction); how many were inserted. */
  async insertNew<T extends TargetTable>(table: T, rows: Array<{ key: string; row: TargetRow<T> }>): Promise<number> {
    const cols: readonly string[] = TARGET_COLUMNS[table];
    const sql = `INSERT OR IGNORE INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`;
    const record = 'INSERT OR IGNORE INTO origin_imports (kind, origin_key, imported_at) VALUES (?, ?, ?)';
    const at = new Date().toISOString();
    let inserted = 0;
    for (let i = 0; i < rows.length; i += BATCH) {
      const stmts: InStatement[] = rows.slice(i, i + BATCH).flatMap(({ key, row }) => [
        { sql, args: cols.map((c) => (row as Record<string, InValue>)[c] ?? null) },
        { sql: record, args: [table, key, at] },
      ]);
      const results = await this.db.batch(stmts, 'write');
      for (let r = 0; r < results.length; r += 2) inserted += results[r]!.rowsAffected;
    }
    return inserted;
  }
}
