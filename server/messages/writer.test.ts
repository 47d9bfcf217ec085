import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../db/client.ts';
import { openWriteConnection } from '../db/write-connection.ts';
import { ApiError } from '../http/api-error.ts';
import { MessageWriter, type NewMessage } from './writer.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'messenger-writer-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A room with three members (users 1–3). */
async function seed(db: Db): Promise<void> {
  for (const name of ['ann', 'bob', 'cho']) {
    await db.execute({ sql: "INSERT INTO users (username, password_hash, nickname, created_at, updated_at) VALUES (?, 'x', ?, 't', 't')", args: [name, name] });
  }
  await db.execute("INSERT INTO rooms (name, type, created_by, created_at) VALUES ('r', 'group', 1, 't')");
  for (const id of [1, 2, 3]) await db.execute({ sql: "INSERT INTO room_members (room_id, user_id, joined_at) VALUES (1, ?, 't')", args: [id] });
}

const text = (senderId: number, content: string, extra: Partial<NewMessage> = {}): NewMessage => ({
  roomId: 1,
  senderId,
  content,
  encrypted: false,
  type: 'text',
  clientMsgId: `${senderId}-${content}`,
  ...extra,
});

// The same contract on both connections the writer runs on: its own prepared one (plain file) and
// the shared client (what sqld, replicas and :memory: use).
describe.each([
  ['prepared statements on a file', 'file' as const],
  ['the shared client', 'client' as const],
])('message writer on %s', (_, kind) => {
  const setup = async () => {
    const url = `file:${path.join(dir, `${kind}-${Math.random().toString(36).slice(2)}.db`)}`;
    const db = await openDatabase(url);
    await seed(db);
    // `?mode=rwc` is a file URL the prepared path does not take: it then runs on the client.
    const conn = openWriteConnection(kind === 'file' ? url : `${url}?mode=rwc`, db, () => {});
    const writer = new MessageWriter(conn, () => {});
    return { db, writer, close: () => (conn.close(), db.close()) };
  };

  it('commits sends of one tick in one transaction, each stored once, in order per sender', async () => {
    const { db, writer, close } = await setup();
    const sends = [1, 2, 3].flatMap((sender) => [0, 1, 2, 3].map((k) => ({ sender, k, result: writer.write(text(sender, `m${k}`)) })));
    const results = await Promise.all(sends.map((s) => s.result));
    expect(writer.stats).toMatchObject({ batches: 1, messages: 12, maxBatch: 12 });
    expect(results.every((r) => !r.duplicate)).toBe(true);
    for (const sender of [1, 2, 3]) {
      const ids = sends.flatMap((s, i) => (s.sender === sender ? [results[i]!.view.id] : []));
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
    }
    expect(results[0]!.view).toMatchObject({ room_id: 1, sender_id: 1, content: 'm0', sender_name: 'ann', unread_count: 2 });
    expect(Number((await db.execute('SELECT COUNT(*) AS n FROM messages')).rows[0]!.n)).toBe(12);
    close();
  });

  it("counts each message's unread members from its own room", async () => {
    const { db, writer, close } = await setup();
    await db.execute("INSERT INTO rooms (name, type, created_by, created_at) VALUES ('pair', 'group', 1, 't')");
    for (const id of [1, 2]) await db.execute({ sql: "INSERT INTO room_members (room_id, user_id, joined_at) VALUES (2, ?, 't')", args: [id] });
    const [big, small] = await Promise.all([writer.write(text(1, 'to three')), writer.write(text(1, 'to two', { roomId: 2 }))]);
    expect(writer.stats.batches).toBe(1);
    expect([big!.view.unread_count, small!.view.unread_count]).toEqual([2, 1]);
    close();
  });

  it('fails one bad message alone: the others of its batch are committed', async () => {
    const { db, writer, close } = await setup();
    const good = [writer.write(text(1, 'before')), writer.write(text(2, 'after'))];
    // A reply to a message that does not exist breaks the foreign key: the statement throws.
    const bad = writer.write(text(3, 'bad', { replyTo: 999_999 }));
    await expect(bad).rejects.toThrow(/FOREIGN KEY/);
    const ok = await Promise.all(good);
    expect(ok.map((r) => r.view.content)).toEqual(['before', 'after']);
    const rows = (await db.execute('SELECT content FROM messages ORDER BY id')).rows.map((r) => r.content);
    expect(rows).toEqual(['before', 'after']);
    close();
  });

  it('answers a resend within one batch with the first message, stored once', async () => {
    const { db, writer, close } = await setup();
    const [first, again] = await Promise.all([writer.write(text(1, 'same')), writer.write(text(1, 'same'))]);
    expect(writer.stats.batches).toBe(1);
    expect(first!.duplicate).toBe(false);
    expect(again).toMatchObject({ duplicate: true, view: { id: first!.view.id } });
    // And in a later batch.
    expect(await writer.write(text(1, 'same'))).toMatchObject({ duplicate: true, view: { id: first!.view.id } });
    expect(Number((await db.execute('SELECT COUNT(*) AS n FROM messages')).rows[0]!.n)).toBe(1);
    close();
  });

  it('refuses a sender who is not a member, and sealed text of a stale key version', async () => {
    const { db, writer, close } = await setup();
    await db.execute('DELETE FROM room_members WHERE user_id = 3');
    await db.execute('UPDATE rooms SET key_version = 2 WHERE id = 1');
    const [gone, stale, fine] = await Promise.allSettled([
      writer.write(text(3, 'left')),
      writer.write(text(1, 'old key', { encrypted: true, keyVersion: 1 })),
      writer.write(text(2, 'new key', { encrypted: true, keyVersion: 2 })),
    ]);
    expect(gone).toMatchObject({ status: 'rejected', reason: new ApiError('ROOM_ACCESS_DENIED') });
    expect(stale.status === 'rejected' && (stale.reason as ApiError).code).toBe('ROOM_KEY_STALE');
    expect(fine).toMatchObject({ status: 'fulfilled', value: { view: { key_version: 2 } } });
    close();
  });
});

describe('write connection', () => {
  it('uses the shared client for an in-memory database (a second connection would be another database)', async () => {
    const db = await openDatabase('file::memory:');
    await seed(db);
    const conn = openWriteConnection('file::memory:', db, () => {});
    const { view } = await new MessageWriter(conn, () => {}).write(text(1, 'kept'));
    expect((await db.execute({ sql: 'SELECT content FROM messages WHERE id = ?', args: [view.id] })).rows[0]!.content).toBe('kept');
    db.close();
  });
});
