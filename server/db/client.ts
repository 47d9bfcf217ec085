import fs from 'node:fs';
import path from 'node:path';
import { type Client, createClient } from '@libsql/client';
import type { Config } from '../config.ts';
import { migrations } from './migrations.ts';
import { cacheStatements } from './statement-cache.ts';
import { nowIso } from './time.ts';

export type Db = Client;

/** An embedded replica's primary: writes go there, reads come from the local file. */
export interface ReplicaSync {
  url: string;
  intervalSeconds: number;
}

/** Open the database. File-only pragmas (WAL, synchronous) are sent only for plain file: URLs,
 * because sqld refuses them (and an embedded replica's file is libSQL's to manage). libSQL builds
 * enable foreign keys by default; we say so anyway. Pragmas are per connection and the client
 * opens extra pooled connections only while an interactive transaction is held: so stores write
 * atomically with `db.batch()`, never with a long-lived `db.transaction()`, and one connection
 * carries every pragma. */
export async function openDatabase(url: string, authToken?: string, sync?: ReplicaSync): Promise<Db> {
  const isFile = url.startsWith('file:');
  cacheStatements();
  if (isFile) {
    const file = url.slice('file:'.length).split('?')[0]!;
    if (file && file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  }
  const db = sync ? await openReplica(url, authToken, sync) : createClient({ url, authToken, timeout: 5000 });
  if (isFile && !sync) {
    // busy_timeout first: several worker processes (WORKERS) open one file at the same moment.
    // Every write batch is 'write' (BEGIN IMMEDIATE), so a writer waits for the lock rather than
    // failing an upgrade from a read with SQLITE_BUSY.
    await db.execute('PRAGMA busy_timeout=5000');
    await db.execute('PRAGMA journal_mode=WAL');
    await db.execute('PRAGMA synchronous=NORMAL');
  }
  await db.execute('PRAGMA foreign_keys=ON');
  if (!sync) await migrate(db, isFile ? 'local' : 'remote');
  return db;
}

/** An embedded replica: own writes are read back at once (readYourWrites), others' arrive every
 * intervalSeconds. The primary is migrated first, over its own HTTP connection: the replica's write
 * delegation re-prints multi-statement SQL, and upper-cased keyword column names (`action` became
 * `ACTION`). The first pull then makes the local file; without the primary there is nothing to serve. */
async function openReplica(url: string, authToken: string | undefined, sync: ReplicaSync): Promise<Db> {
  let db: Db | undefined;
  try {
    const primary = createClient({ url: sync.url, authToken, timeout: 5000 });
    try {
      await migrate(primary, 'remote');
    } finally {
      primary.close();
    }
    db = createClient({ url, authToken, syncUrl: sync.url, syncInterval: sync.intervalSeconds, readYourWrites: true });
    await db.sync();
    return db;
  } catch (err) {
    db?.close();
    throw new Error(`embedded replica: primary DATABASE_SYNC_URL ${sync.url.replace(/\?.*$/, '')}: ${(err as Error).message}`);
  }
}

/** openDatabase with the settings: DATABASE_URL, its token, and DATABASE_SYNC_URL for a replica. */
export function openConfiguredDatabase(c: Pick<Config, 'databaseUrl' | 'databaseAuthToken' | 'databaseSyncUrl' | 'databaseSyncIntervalSeconds'>): Promise<Db> {
  const sync = c.databaseSyncUrl ? { url: c.databaseSyncUrl, intervalSeconds: c.databaseSyncIntervalSeconds } : undefined;
  return openDatabase(c.databaseUrl, c.databaseAuthToken, sync);
}

/** Apply the pending migrations. On a local file each runs in a write transaction; on a libSQL
 * server (or through a replica to its primary) it is sent as one BEGIN … COMMIT sequence, never an
 * interactive transaction: a failure ends the request and the server rolls the rest back. */
export async function migrate(db: Db, where: 'local' | 'remote' = 'local'): Promise<number[]> {
  await db.execute(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  const applied: number[] = [];
  for (const m of migrations) {
    if (await isApplied(db, m.version)) continue;
    try {
      if (where === 'remote') await db.executeMultiple(`BEGIN IMMEDIATE;\n${m.sql.trim().replace(/;+$/, '')};\n${record(m.version, m.name)};\nCOMMIT;`);
      else if (!(await migrateLocally(db, m.sql, m.version, m.name))) continue;
      applied.push(m.version);
    } catch (err) {
      // Another instance of a cluster starting at the same moment may have applied it first.
      if (where === 'remote' && (await isApplied(db, m.version))) continue;
      throw new Error(`migration ${m.version} (${m.name}) failed: ${(err as Error).message}`);
    }
  }
  return applied;
}

async function isApplied(db: Db, version: number): Promise<boolean> {
  return (await db.execute({ sql: 'SELECT 1 FROM schema_migrations WHERE version = ?', args: [version] })).rows.length > 0;
}

/** The schema_migrations row as SQL text (a sequence takes no arguments): numbers and a quoted name. */
function record(version: number, name: string): string {
  const quote = (s: string) => `'${s.replaceAll("'", "''")}'`;
  return `INSERT INTO schema_migrations (version, name, applied_at) VALUES (${Math.trunc(version)}, ${quote(name)}, ${quote(nowIso())})`;
}

/** False when another process (a sibling worker) applied it while this one waited for the lock. */
async function migrateLocally(db: Db, sql: string, version: number, name: string): Promise<boolean> {
  // One write transaction per migration: the schema and its record land together or not at all.
  const tx = await db.transaction('write');
  try {
    if ((await tx.execute({ sql: 'SELECT 1 FROM schema_migrations WHERE version = ?', args: [version] })).rows.length > 0) {
      await tx.rollback();
      return false;
    }
    await tx.executeMultiple(sql);
    await tx.execute({ sql: 'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', args: [version, name, nowIso()] });
    await tx.commit();
    return true;
  } catch (err) {
    await tx.rollback();
    throw err;
  } finally {
    tx.close();
  }
}
