import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, registerAndLogin } from '../helpers/http.ts';
import { connectSocket, emitAck } from '../helpers/socket.ts';
import { type Sqld, startSqld } from '../helpers/sqld.ts';
import { useServer } from '../helpers/suite.ts';

/** Two instances on one libSQL server (sqld): A talks to it directly, B is an embedded replica
 * (DATABASE_URL=file:<local>, DATABASE_SYNC_URL=<sqld>). They share DATA_DIR (the secrets), as a
 * cluster does. What one writes, the other serves within 5 s; B reads its own writes at once. */

const shared = fs.mkdtempSync(path.join(os.tmpdir(), 'messenger-replica-'));
const replicaFile = path.join(shared, 'replica', 'messenger.db');
let sqld: Sqld;

// Hooks run in order and are undone in reverse: sqld first up and last down.
beforeAll(async () => {
  sqld = await startSqld(path.join(shared, 'sqld'));
});
afterAll(async () => {
  await sqld?.stop();
  fs.rmSync(shared, { recursive: true, force: true });
});
const envA = useServer(() => ({ dataDir: shared, keepData: true, env: { DATABASE_URL: sqld.url } }));
const envB = useServer(() => ({
  dataDir: shared,
  keepData: true,
  env: { DATABASE_URL: `file:${replicaFile}`, DATABASE_SYNC_URL: sqld.url, DATABASE_SYNC_INTERVAL_SECONDS: '1' },
}));

/** Poll `fn` until it stops throwing, for at most `ms`. */
async function within<T>(ms: number, fn: () => Promise<T>): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (Date.now() > end) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

async function history(on: Api, token: string, roomId: number): Promise<string[]> {
  const res = await on.get(`/api/rooms/${roomId}/messages?include_meta=0`, { token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body.messages as Array<{ content: string }>).map((m) => m.content);
}

describe('an embedded replica next to an instance on sqld', () => {
  it('keeps its local file where DATABASE_URL says, and is the server config it was given', () => {
    expect(envB.t.server.config.databaseSyncUrl).toBe(sqld.url);
    expect(fs.statSync(replicaFile).size).toBeGreaterThan(0);
    // Instance A has no local database file: its data is in sqld.
    expect(fs.existsSync(path.join(shared, 'messenger.db'))).toBe(false);
  });

  it('has the schema exactly as written: keyword-named columns keep their case (`action`, not `ACTION`)', async () => {
    const rs = await envB.t.server.db.execute('SELECT * FROM access_logs LIMIT 0');
    expect(rs.columns).toContain('action');
  });

  it('writes through each instance are seen on the other within 5 s; own writes at once', async () => {
    // An account made on A logs in on B (the replica reads it), and the other way round.
    const alice = await registerAndLogin(envA.a);
    const bob = await within(5000, () => registerAndLogin(envB.a));
    const aliceOnB = await within(5000, async () => {
      const res = await envB.a.post('/api/device-sessions', { username: alice.username, password: 'Password123!', device_name: 'B' });
      expect(res.status).toBe(200);
      return res.body.access_token as string;
    });
    const room = await envA.a.post('/api/rooms', { members: [bob.userId] }, { token: alice.accessToken });
    expect(room.status, JSON.stringify(room.body)).toBe(200);
    const roomId = room.body.room_id as number;
    // B caches memberships per process (cluster-wide invalidation is the cluster bus's job): let the
    // replica receive the room before B first looks at Bob's rooms.
    await within(5000, async () => {
      const rs = await envB.t.server.db.execute({ sql: 'SELECT 1 FROM room_members WHERE room_id = ? AND user_id = ?', args: [roomId, bob.userId] });
      expect(rs.rows).toHaveLength(1);
    });

    const onA = envA.track(await connectSocket(envA.t.url, alice.accessToken));
    const onB = envB.track(await connectSocket(envB.t.url, bob.accessToken));

    // Through A (sqld directly): B's replica has it within 5 s.
    const sentA = await emitAck(onA, 'send_message', { room_id: roomId, content: '안녕 from A', client_msg_id: 'a-1' });
    expect(sentA.ok, JSON.stringify(sentA)).toBe(true);
    await within(5000, async () => expect(await history(envB.a, bob.accessToken, roomId)).toContain('안녕 from A'));

    // Through B (written to the primary): B reads it back at once, A within 5 s.
    const sentB = await emitAck(onB, 'send_message', { room_id: roomId, content: 'hello from B', client_msg_id: 'b-1' });
    expect(sentB.ok, JSON.stringify(sentB)).toBe(true);
    expect(await history(envB.a, bob.accessToken, roomId)).toContain('hello from B');
    await within(5000, async () => expect(await history(envA.a, alice.accessToken, roomId)).toEqual(['안녕 from A', 'hello from B']));
    expect(await history(envB.a, aliceOnB, roomId)).toEqual(['안녕 from A', 'hello from B']);
  });
});
