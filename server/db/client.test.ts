import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClient } from '@libsql/client';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase } from './client.ts';
import { migrations } from './migrations.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'messenger-db-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('database', () => {
  it('applies every migration once, records it, and is a no-op the second time', async () => {
    const db = await openDatabase(`file:${path.join(dir, 'a.db')}`);
    const rows = (await db.execute('SELECT version, name, applied_at FROM schema_migrations ORDER BY version')).rows;
    expect(rows.map((r) => Number(r.version))).toEqual(migrations.map((m) => m.version));
    expect(String(rows[0]!.applied_at)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(await migrate(db)).toEqual([]);
    db.close();
  });

  it('several processes opening one new file at once apply each migration exactly once (WORKERS)', async () => {
    const file = path.join(dir, 'workers.db');
    const script = `const { openDatabase } = await import(${JSON.stringify(path.join(import.meta.dirname, 'client.ts'))});
      const db = await openDatabase(${JSON.stringify(`file:${file}`)}); db.close();`;
    const run = () =>
      new Promise<string>((resolve, reject) =>
        execFile(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], (err, _out, stderr) => (err ? reject(new Error(stderr)) : resolve(stderr))),
      );
    await Promise.all([run(), run(), run()]);
    const db = createClient({ url: `file:${file}` });
    const rows = (await db.execute('SELECT version FROM schema_migrations ORDER BY version')).rows;
    expect(rows.map((r) => Number(r.version))).toEqual(migrations.map((m) => m.version));
    db.close();
  }, 30_000);

  it('runs file databases in WAL with synchronous=NORMAL and foreign keys on', async () => {
    const db = await openDatabase(`file:${path.join(dir, 'b.db')}`);
    expect((await db.execute('PRAGMA journal_mode')).rows[0]!.journal_mode).toBe('wal');
    expect(Number((await db.execute('PRAGMA synchronous')).rows[0]!.synchronous)).toBe(1);
    expect(Number((await db.execute('PRAGMA foreign_keys')).rows[0]!.foreign_keys)).toBe(1);
    await expect(db.execute('INSERT INTO room_members (room_id, user_id) VALUES (999, 999)')).rejects.toThrow(/FOREIGN KEY/);
    db.close();
  });

  it('defaults timestamps to UTC ISO-8601', async () => {
    const db = await openDatabase(`file:${path.join(dir, 'c.db')}`);
    await db.execute("INSERT INTO users (username, password_hash, nickname) VALUES ('ts_user', 'x', 'n')");
    const created = String((await db.execute('SELECT created_at FROM users')).rows[0]!.created_at);
    expect(created).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(Math.abs(new Date(created).getTime() - Date.now())).toBeLessThan(60_000);
    db.close();
  });

  it('upgrades a version-1 database (system payloads, last seen), keeping its rows', async () => {
    const file = `file:${path.join(dir, 'e.db')}`;
    // The database as version 1 left it, with a user and a system notice in it.
    const old = createClient({ url: file });
    await old.executeMultiple(migrations[0]!.sql);
    await old.execute('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    await old.execute("INSERT INTO schema_migrations VALUES (1, 'initial schema', '2026-01-01T00:00:00.000Z')");
    await old.execute("INSERT INTO users (id, username, password_hash, nickname) VALUES (1, 'u1', 'x', '철수')");
    await old.execute("INSERT INTO rooms (id, type) VALUES (1, 'group')");
    await old.execute("INSERT INTO messages (room_id, sender_id, content, encrypted, message_type) VALUES (1, 1, '철수님이 나갔습니다.', 0, 'system')");
    old.close();

    const db = await openDatabase(file);
    const row = (await db.execute('SELECT content, system_payload FROM messages')).rows[0]!;
    expect(row.content).toBe('철수님이 나갔습니다.');
    expect(row.system_payload).toBeNull();
    const user = (await db.execute("SELECT nickname, last_seen_at FROM users WHERE username = 'u1'")).rows[0]!;
    expect(user.nickname).toBe('철수');
    expect(user.last_seen_at).toBeNull();
    expect((await db.execute('SELECT MAX(version) AS v FROM schema_migrations')).rows[0]!.v).toBe(migrations.at(-1)!.version);
    db.close();
  });

  it('rolls a failing migration back whole', async () => {
    const db = await openDatabase(`file:${path.join(dir, 'd.db')}`);
    migrations.push({ version: 9999, name: 'broken', sql: 'CREATE TABLE half_done (x INTEGER); SELECT * FROM no_such_table;' });
    try {
      await expect(migrate(db)).rejects.toThrow(/migration 9999 \(broken\) failed/);
      const tables = await db.execute("SELECT name FROM sqlite_master WHERE name = 'half_done'");
      expect(tables.rows).toHaveLength(0);
      const recorded = await db.execute('SELECT 1 FROM schema_migrations WHERE version = 9999');
      expect(recorded.rows).toHaveLength(0);
    } finally {
      migrations.pop();
      db.close();
    }
  });
});
