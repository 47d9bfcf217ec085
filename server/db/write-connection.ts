import Database from 'libsql';
import type { InStatement, InValue } from '@libsql/client';
import type { Db } from './client.ts';
import { cacheStatements } from './statement-cache.ts';

export type WriteRow = Record<string, unknown>;

/** Where the message writer's statements run. On a plain local file: a connection of its own with
 * every statement prepared once and reused (preparing the message INSERT, with its indexes and
 * search/mention triggers, cost more CPU than running it: @libsql/client prepares each statement on
 * every call). Anywhere else (sqld, an embedded replica, :memory:): the shared client. */
export interface WriteConnection {
  /** The statements in one write transaction, each one's rows in order; throws on the first
   * failure, and then nothing of it is committed. */
  batch(stmts: readonly InStatement[]): Promise<WriteRow[][]>;
  /** One read. */
  query(stmt: InStatement): Promise<WriteRow[]>;
  close(): void;
}

export type DbObserver = (op: string, seconds: number) => void;

/** `replica`: the file is an embedded replica's, whose writes go to its primary through the client. */
export function openWriteConnection(url: string, db: Db, observe: DbObserver, replica = false): WriteConnection {
  const file = replica ? null : plainFile(url);
  return file ? preparedConnection(file, observe) : clientConnection(db);
}

/** The file path of a `file:` URL that names a file (no query options, not in memory). */
function plainFile(url: string): string | null {
  if (!url.startsWith('file:') || url.includes('?')) return null;
  const file = url.slice('file:'.length);
  return file && !file.includes(':memory:') ? file : null;
}

function clientConnection(db: Db): WriteConnection {
  const rows = (rs: { rows: ArrayLike<unknown> }) => Array.from(rs.rows) as WriteRow[];
  return {
    batch: async (stmts) => (await db.batch([...stmts], 'write')).map(rows),
    query: async (stmt) => rows(await db.execute(stmt)),
    close: () => {},
  };
}

type Statement = ReturnType<InstanceType<typeof Database>['prepare']>;

function preparedConnection(file: string, observe: DbObserver): WriteConnection {
  cacheStatements();
  const conn = new Database(file);
  // The same pragmas as the shared connection (db/client.ts): they are per connection.
  conn.exec('PRAGMA synchronous=NORMAL');
  conn.exec('PRAGMA busy_timeout=5000');
  conn.exec('PRAGMA foreign_keys=ON');
  // Prepared once per SQL text by the connection's statement cache (the writer's texts are a fixed
  // set: arguments vary, never the text).
  const prepared = (sql: string): Statement => conn.prepare(sql);
  const exec = (stmt: InStatement): WriteRow[] => {
    const { sql, args = [] } = typeof stmt === 'string' ? { sql: stmt } : stmt;
    // The writer binds by position only.
    if (!Array.isArray(args)) throw new Error('write connection: named arguments are not supported');
    const s = prepared(sql);
    const params = args.map(toSql);
    if (s.reader) return s.all(params) as WriteRow[];
    s.run(params);
    return [];
  };
  const begin = prepared('BEGIN IMMEDIATE');
  const commit = prepared('COMMIT');
  const timed = <T>(op: string, fn: () => T): T => {
    const started = performance.now();
    try {
      return fn();
    } finally {
      observe(op, (performance.now() - started) / 1000);
    }
  };
  return {
    // Synchronous from BEGIN to COMMIT: no other code of this process runs inside the transaction.
    batch: async (stmts) =>
      timed('batch', () => {
        // One statement is a transaction of its own, and a writing one takes the write lock before
        // it reads, as BEGIN IMMEDIATE does: two calls fewer for a message sent alone.
        if (stmts.length === 1) return [exec(stmts[0]!)];
        begin.run([]);
        try {
          const out = stmts.map(exec);
          commit.run([]);
          return out;
        } catch (err) {
          if (conn.inTransaction) conn.exec('ROLLBACK');
          throw err;
        }
      }),
    query: async (stmt) => timed('execute', () => exec(stmt)),
    close: () => conn.close(),
  };
}

/** @libsql/client's argument conversions that the writer uses (booleans as 0/1). */
function toSql(v: InValue): unknown {
  return typeof v === 'boolean' ? (v ? 1 : 0) : v;
}
