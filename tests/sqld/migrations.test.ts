import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../../server/db/client.ts';
import { migrations } from '../../server/db/migrations.ts';
import { type Sqld, startSqld } from '../helpers/sqld.ts';

/** Migrations on a libSQL server: each is one BEGIN … COMMIT request (no interactive transaction). */

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'messenger-sqld-migrate-'));
let sqld: Sqld;
beforeAll(async () => {
  sqld = await startSqld(path.join(dir, 'sqld'));
});
afterAll(async () => {
  await sqld?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('migrations on sqld', () => {
  it('two instances starting at once both come up, each migration applied and recorded once', async () => {
    const [one, two] = await Promise.all([openDatabase(sqld.url), openDatabase(sqld.url)]);
    try {
      const rows = (await one.execute('SELECT version FROM schema_migrations ORDER BY version')).rows;
      expect(rows.map((r) => Number(r.version))).toEqual(migrations.map((m) => m.version));
      expect(await migrate(two, 'remote')).toEqual([]);
      // The FTS5 trigram index and its triggers exist there too.
      const fts = await one.execute("SELECT name FROM sqlite_master WHERE name = 'messages_fts' OR type = 'trigger' ORDER BY name");
      expect(fts.rows.map((r) => String(r.name))).toContain('messages_fts');
    } finally {
      one.close();
      two.close();
    }
  });

  it('rolls a failing migration back whole', async () => {
    const db = await openDatabase(sqld.url);
    migrations.push({ version: 9999, name: "broken 'one'", sql: 'CREATE TABLE half_done (x INTEGER); SELECT * FROM no_such_table;' });
    try {
      await expect(migrate(db, 'remote')).rejects.toThrow(/migration 9999 \(broken 'one'\) failed/);
      expect((await db.execute("SELECT name FROM sqlite_master WHERE name = 'half_done'")).rows).toHaveLength(0);
      expect((await db.execute('SELECT 1 FROM schema_migrations WHERE version = 9999')).rows).toHaveLength(0);
      // The server is not left inside a transaction: a write still goes through.
      await db.execute("INSERT INTO users (username, password_hash, nickname) VALUES ('after_fail', 'x', 'n')");
    } finally {
      migrations.pop();
      db.close();
    }
  });
});

describe('an embedded replica without its primary', () => {
  it('refuses to start, naming DATABASE_SYNC_URL', async () => {
    const file = `file:${path.join(dir, 'orphan', 'messenger.db')}`;
    await expect(openDatabase(file, undefined, { url: 'http://127.0.0.1:9', intervalSeconds: 1 })).rejects.toThrow(/DATABASE_SYNC_URL http:\/\/127\.0\.0\.1:9/);
  });
});
