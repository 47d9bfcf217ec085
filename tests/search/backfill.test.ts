import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClient } from '@libsql/client';
import { expect, it } from 'vitest';
import { migrate } from '../../server/db/client.ts';
import { migrations } from '../../server/db/migrations.ts';

it('the search migration indexes the messages already stored: plaintext and file names, never ciphertext or deleted ones', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'search-backfill-'));
  const db = createClient({ url: `file:${path.join(dir, 'db.sqlite')}` });
  try {
    // The schema as it was before the index existed.
    const index = migrations.findIndex((m) => m.name === 'search index and mentions');
    await db.execute('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    for (const m of migrations.slice(0, index)) {
      await db.executeMultiple(m.sql);
      await db.execute({ sql: "INSERT INTO schema_migrations VALUES (?, ?, 'x')", args: [m.version, m.name] });
    }
    await db.executeMultiple(`
      INSERT INTO users (id, username, password_hash, nickname) VALUES (1, 'a', 'x', 'A');
      INSERT INTO rooms (id, type) VALUES (1, 'group');
      INSERT INTO messages (id, room_id, sender_id, content, encrypted, message_type, file_name, deleted_at) VALUES
        (1, 1, 1, 'plain walrus text', 0, 'text', NULL, NULL),
        (2, 1, 1, 'v2:walrus:cipher', 1, 'text', NULL, NULL),
        (3, 1, 1, 'walrus-notes.pdf', 0, 'file', 'walrus-notes.pdf', NULL),
        (4, 1, 1, '[삭제된 메시지]', 0, 'text', NULL, '2026-01-01T00:00:00.000Z');`);
    await migrate(db);
    const rs = await db.execute(`SELECT rowid FROM messages_fts WHERE messages_fts MATCH '"walrus"' ORDER BY rowid`);
    expect(rs.rows.map((r) => Number(r.rowid))).toEqual([1, 3]);
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
