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

/** Our database, as the migration writes it: rows with their origin ids, inserted only when the
 * id (or a unique key) is not taken yet — so a second run writes nothing. */
export class ImportRepo {
  constructor(private readonly db: Db) {}

  /** The ids a table holds now (what later rows may refer to). */
  async ids(table: 'users' | 'rooms' | 'messages' | 'polls' | 'poll_options'): Promise<Set<number>> {
    const rs = await this.db.execute(`SELECT id FROM ${table}`);
    return new Set(rs.rows.map((r) => Number(r.id)));
  }

  /** Accounts by id and by lower-cased username (usernames are unique without case). */
  async accounts(): Promise<{ byId: Map<number, string>; byName: Map<string, number> }> {
    const rs = await this.db.execute('SELECT id, username FROM users');
    const byId = new Map<number, string>();
    const byName = new Map<string, number>();
    for (const r of rs.rows) {
      byId.set(Number(r.id), String(r.username));
      byName.set(String(r.username).toLowerCase(), Number(r.id));
    }
    return { byId, byName };
  }

  /** Insert rows that are not there yet, in batches (each one transaction); how many were new. */
  async insertNew<T extends TargetTable>(table: T, rows: Array<TargetRow<T>>): Promise<number> {
    const cols: readonly string[] = TARGET_COLUMNS[table];
    const sql = `INSERT OR IGNORE INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`;
    let inserted = 0;
    for (let i = 0; i < rows.length; i += BATCH) {
      const stmts: InStatement[] = rows.slice(i, i + BATCH).map((row) => ({ sql, args: cols.map((c) => (row as Record<string, InValue>)[c] ?? null) }));
      const results = await this.db.batch(stmts, 'write');
      for (const r of results) inserted += r.rowsAffected;
    }
    return inserted;
  }
}
