import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClient } from '@libsql/client';
import Database from 'libsql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheStatements } from './statement-cache.ts';

describe('statement cache', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stmt-cache-'));
  const file = path.join(dir, 'db.sqlite');
  beforeAll(() => cacheStatements());
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('hands back the same statement for the same SQL on a connection, a new one on another', () => {
    const a = new Database(file);
    const b = new Database(file);
    expect(a.prepare('SELECT 1')).toBe(a.prepare('SELECT 1'));
    expect(b.prepare('SELECT 1')).not.toBe(a.prepare('SELECT 1'));
    a.close();
    b.close();
  });

  it('keeps at most 256 per connection, dropping the least recently used', () => {
    const db = new Database(':memory:');
    const first = db.prepare('SELECT 0');
    for (let i = 1; i <= 256; i++) db.prepare(`SELECT ${i}`);
    expect(db.prepare('SELECT 0')).not.toBe(first);
    expect(db.prepare('SELECT 256')).toBe(db.prepare('SELECT 256'));
    db.close();
  });

  it('a reused statement binds new arguments and starts over after a partial read', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t (v) VALUES (\'a\'), (\'b\'), (\'c\')');
    const sql = 'SELECT v FROM t WHERE id >= ? ORDER BY id';
    const it1 = db.prepare(sql).iterate([1]);
    expect(it1.next().value).toEqual({ v: 'a' });
    expect(db.prepare(sql).all([2])).toEqual([{ v: 'b' }, { v: 'c' }]);
    expect(db.prepare(sql).all([1])).toEqual([{ v: 'a' }, { v: 'b' }, { v: 'c' }]);
    db.close();
  });

  it('through @libsql/client: results stay right after a failed statement and inside batches', async () => {
    const client = createClient({ url: `file:${file}` });
    await client.execute('CREATE TABLE u (id INTEGER PRIMARY KEY, name TEXT UNIQUE)');
    const insert = 'INSERT INTO u (name) VALUES (?)';
    await client.execute({ sql: insert, args: ['x'] });
    await expect(client.execute({ sql: insert, args: ['x'] })).rejects.toThrow(/UNIQUE/);
    await client.execute({ sql: insert, args: ['y'] });
    await expect(client.batch([{ sql: insert, args: ['z'] }, { sql: insert, args: ['x'] }], 'write')).rejects.toThrow(/UNIQUE/);
    const rs = await client.execute({ sql: 'SELECT name FROM u WHERE id > ? ORDER BY id', args: [0] });
    expect(rs.rows.map((r) => r.name)).toEqual(['x', 'y']);
    const again = await client.execute({ sql: 'SELECT name FROM u WHERE id > ? ORDER BY id', args: [1] });
    expect(again.rows.map((r) => r.name)).toEqual(['y']);
    client.close();
  });

  it('reads a statement\'s columns once, and they are right', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE c (a INTEGER, b TEXT)');
    const stmt = db.prepare('SELECT a, b AS bee FROM c');
    expect(stmt.columns().map((c) => c.name)).toEqual(['a', 'bee']);
    expect(stmt.columns()).toBe(stmt.columns());
    db.close();
  });
});
