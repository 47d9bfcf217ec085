import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClient } from '@libsql/client';
import { afterAll, describe, expect, it } from 'vitest';
import { buildServerBundle, spawnServer } from '../helpers/entry.ts';
import { PASSWORD, api } from '../helpers/http.ts';
import { connectSocket, emitAck } from '../helpers/socket.ts';

const bundle = buildServerBundle();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'messenger-crash-'));
afterAll(() => {
  bundle.cleanup();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const startServer = () => spawnServer(process.execPath, [bundle.file], { DATA_DIR: dataDir, RATE_LIMIT_ENABLED: 'false' });

describe('crash safety', () => {
  it('every ACKed message is in the database after the process is killed with SIGKILL', async () => {
    const first = await startServer();
    const a = api(first.url);
    const ids: number[] = [];
    for (const name of ['crash_alice', 'crash_bob']) {
      ids.push((await a.post('/api/register', { username: name, password: PASSWORD })).body.user_id);
    }
    // The room is written straight into the same database file (WAL allows a second connection).
    const db = createClient({ url: `file:${path.join(dataDir, 'messenger.db')}`, timeout: 5000 });
    const room = await db.execute({ sql: "INSERT INTO rooms (type, created_by) VALUES ('direct', ?) RETURNING id", args: [ids[0]!] });
    const roomId = Number(room.rows[0]!.id);
    await db.execute({ sql: 'INSERT INTO room_members (room_id, user_id) VALUES (?, ?), (?, ?)', args: [roomId, ids[0]!, roomId, ids[1]!] });
    db.close();

    const login = await a.post('/api/device-sessions', { username: 'crash_alice', password: PASSWORD });
    const socket = await connectSocket(first.url, login.body.access_token);
    const acked: number[] = [];
    // Keep sending; kill the process the moment 200 ACKs are in, with more sends still in flight.
    const sends = Array.from({ length: 400 }, (_, i) =>
      emitAck(socket, 'send_message', { room_id: roomId, content: `m${i}`, client_msg_id: `k${i}` })
        .then((ack) => {
          if (ack.ok) acked.push(ack.message_id);
          if (acked.length === 200) first.proc.kill('SIGKILL');
        })
        .catch(() => {}),
    );
    await Promise.all(sends);
    socket.close();
    expect(acked.length).toBeGreaterThanOrEqual(200);

    const second = await startServer();
    try {
      const check = createClient({ url: `file:${path.join(dataDir, 'messenger.db')}` });
      const rs = await check.execute({ sql: 'SELECT id FROM messages WHERE room_id = ?', args: [roomId] });
      const stored = new Set(rs.rows.map((r) => Number(r.id)));
      expect(acked.filter((id) => !stored.has(id))).toEqual([]);
      check.close();
    } finally {
      second.proc.kill('SIGTERM');
    }
  });
});
