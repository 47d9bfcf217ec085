import fs from 'node:fs';
import path from 'node:path';
import { type Client, createClient } from '@libsql/client';
import { migrations } from './migrations.ts';
import { nowIso } from './time.ts';

export type Db = Client;

/** Open the database. File-only pragmas (WAL, synchronous) are sent only for file: URLs,
 * because sqld refuses them. libSQL builds enable foreign keys by default; we say so anyway.
 * Pragmas are per connection and the client opens extra pooled connections only while an
 * interactive transaction is held: so stores write atomically with `db.batch()`, never with
 * a long-lived `db.transaction()`, and one connection carries every pragma. */
export async function openDatabase(url: string, authToken?: string): Promise<Db> {
  const isFile = url.startsWith('file:');
  if (isFile) {
    const file = url.slice('file:'.length).split('?')[0]!;
    if (file && file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  }
  const db = createClient({ url, authToken, timeout: 5000 });
  if (isFile) {
    await db.execute('PRAGMA journal_mode=WAL');
    await db.execute('PRAGMA synchronous=NORMAL');
    await db.execute('PRAGMA busy_timeout=5000');
  }
  await db.execute('PRAGMA foreign_keys=ON');
  await migrate(db);
  return db;
}

export async function migrate(db: Db): Promise<number[]> {
  await db.execute(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  const done = new Set((await db.execute('SELECT version FROM schema_migrations')).rows.map((r) => Number(r.version)));
  const applied: number[] = [];
  for (const m of migrations) {
    if (done.has(m.version)) continue;
    // One write transaction per migration: the schema and its record land together or not at all.
    const tx = await db.transaction('write');
    try {
      await tx.executeMultiple(m.sql);
      await tx.execute({
        sql: 'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
        args: [m.version, m.name, nowIso()],
      });
      await tx.commit();
      applied.push(m.version);
    } catch (err) {
      await tx.rollback();
      throw new Error(`migration ${m.version} (${m.name}) failed: ${(err as Error).message}`);
    } finally {
      tx.close();
    }
  }
  return applied;
}
