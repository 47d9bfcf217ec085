import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Db, migrate, openDatabase } from '../../server/db/client.ts';
import { type WriteConnection, openWriteConnection } from '../../server/db/write-connection.ts';
import { SearchIndexer } from '../../server/search/indexer.ts';
import { SearchQueue } from '../../server/search/repo.ts';

// The deferred index (migration 11) on a real database file: what is queued, what each pass
// indexes, and what edits and deletions of a still-queued message leave behind.
let dir: string, db: Db, conn: WriteConnection, indexer: SearchIndexer;
const errors: unknown[] = [];

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'search-indexer-'));
  const url = `file:${path.join(dir, 'db.sqlite')}`;
  db = await openDatabase(url);
  await migrate(db);
  conn = openWriteConnection(url, db, () => {});
  indexer = new SearchIndexer(new SearchQueue(conn), (err) => errors.push(err));
  await db.executeMultiple(`INSERT INTO users (id, username, password_hash, nickname) VALUES (1, 'a', 'x', 'A');
    INSERT INTO rooms (id, type) VALUES (1, 'group');`);
});

afterEach(async () => {
  await indexer.stop();
  conn.close();
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  expect(errors).toEqual([]);
});

let nextId = 1;
async function insert(content: string, more: { encrypted?: boolean; type?: string; fileName?: string } = {}): Promise<number> {
  const id = nextId++;
  await db.execute({
    sql: 'INSERT INTO messages (id, room_id, sender_id, content, encrypted, message_type, file_name) VALUES (?, 1, 1, ?, ?, ?, ?)',
    args: [id, content, more.encrypted ? 1 : 0, more.type ?? 'text', more.fileName ?? null],
  });
  return id;
}
const matches = async (term: string) =>
  (await db.execute({ sql: 'SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? ORDER BY rowid', args: [`"${term}"`] })).rows.map((r) => Number(r.rowid));
const queued = async () => (await db.execute('SELECT message_id FROM search_pending ORDER BY message_id')).rows.map((r) => Number(r.message_id));

describe('deferred search indexing', () => {
  it('queues plaintext messages (never ciphertext), and a pass indexes them and empties the queue', async () => {
    const plain = await insert('the walrus report');
    await insert('v2:walrus:cipher', { encrypted: true });
    const file = await insert('walrus.pdf', { type: 'file', fileName: 'walrus.pdf' });
    expect(await queued()).toEqual([plain, file]);
    expect(await matches('walrus')).toEqual([]);
    await indexer.catchUp();
    expect(await matches('walrus')).toEqual([plain, file]);
    expect(await queued()).toEqual([]);
  });

  it('indexes a queued message as it is when the pass runs: edited, soft-deleted or gone', async () => {
    const edited = await insert('first draft about otters');
    const softDeleted = await insert('otters to forget');
    const removed = await insert('otters removed outright');
    await db.execute({ sql: "UPDATE messages SET content = 'final text about beavers', edited_at = 'x' WHERE id = ?", args: [edited] });
    await db.execute({ sql: "UPDATE messages SET deleted_at = 'x' WHERE id = ?", args: [softDeleted] });
    await db.execute({ sql: 'DELETE FROM messages WHERE id = ?', args: [removed] });
    expect(await queued()).toEqual([edited, softDeleted]);
    await indexer.catchUp();
    expect(await matches('otters')).toEqual([]);
    expect(await matches('beavers')).toEqual([edited]);
    expect(await queued()).toEqual([]);
  });

  it('keeps an indexed message current on edit and delete, as before (no queue involved)', async () => {
    const id = await insert('herons at dawn');
    await indexer.catchUp();
    await db.execute({ sql: "UPDATE messages SET content = 'cranes at dusk' WHERE id = ?", args: [id] });
    expect(await queued()).toEqual([]);
    expect(await matches('herons')).toEqual([]);
    expect(await matches('cranes')).toEqual([id]);
    await db.execute({ sql: "UPDATE messages SET deleted_at = 'x' WHERE id = ?", args: [id] });
    expect(await matches('cranes')).toEqual([]);
  });

  it('indexes in batches of 500 until the queue is empty, each message once, with two indexers at once', async () => {
    const stmts = Array.from({ length: 1_234 }, (_, i) => ({ sql: 'INSERT INTO messages (room_id, sender_id, content) VALUES (1, 1, ?)', args: [`salmon number ${i}`] }));
    await db.batch(stmts, 'write');
    nextId = 10_000;
    const secondConn = openWriteConnection(`file:${path.join(dir, 'db.sqlite')}`, db, () => {});
    const second = new SearchIndexer(new SearchQueue(secondConn), (err) => errors.push(err));
    await Promise.all([indexer.catchUp(), second.catchUp(), indexer.catchUp()]);
    secondConn.close();
    expect(await queued()).toEqual([]);
    expect((await matches('salmon')).length).toBe(1_234);
    const dupes = await db.execute("SELECT COUNT(*) AS n FROM messages_fts WHERE messages_fts MATCH '\"number 7\"'");
    // "number 7", "number 70".."number 79", "number 700".."number 799": 111 messages, each once.
    expect(Number(dupes.rows[0]!.n)).toBe(111);
  });

  it('indexes in the background a moment after soon(), and not after stop()', async () => {
    const id = await insert('puffins nest here');
    indexer.soon();
    await expect.poll(() => matches('puffins'), { timeout: 5_000 }).toEqual([id]);
    const later = await insert('puffins again');
    await indexer.stop();
    indexer.soon();
    await new Promise((r) => setTimeout(r, 400));
    expect(await queued()).toEqual([later]);
  });
});
