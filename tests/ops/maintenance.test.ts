import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { healthResponseSchema } from '../../protocol/rest/system.ts';
import { png, sendFile, uploadOk } from '../files/fixture.ts';
import { api, registerAndLogin } from '../helpers/http.ts';
import { createRoomDirect } from '../helpers/rooms.ts';
import { useServer, withServer } from '../helpers/suite.ts';
import type { TestServer } from '../helpers/server.ts';
import { closeSockets, removeMember, socketOf, users, writeMessages } from '../messages/fixture.ts';

const env = useServer();
afterAll(closeSockets);

const DAY = 86_400_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

async function count(t: TestServer, sql: string, args: Array<string | number> = []): Promise<number> {
  return Number((await t.server.db.execute({ sql, args })).rows[0]!.n);
}

/** A stored file's modification time moved back past the orphan grace period. */
function age(t: TestServer, stored: string): string {
  const abs = path.join(t.server.config.uploadDir, stored);
  const old = new Date(Date.now() - 3_600_000);
  fs.utimesSync(abs, old, old);
  return abs;
}

function stray(t: TestServer, stored: string): string {
  const abs = path.join(t.server.config.uploadDir, stored);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  fs.writeFileSync(abs, 'stale');
  return age(t, stored);
}

describe('maintenance on seeded stale data', () => {
  it('cleans every kind in one pass, FK-safe, keeps what is live or held, and reports each job in health', async () => {
    const t = env.t;
    const db = t.server.db;
    const [alice, bob, carol] = await users(env.a, 3);
    const sa = await socketOf(t, alice);

    // A room about to go empty, with everything that once broke the origin's clean-up: a file
    // message (file and thumbnail on disk), a pin, a poll with a vote, a reaction, a reply.
    const gone = await createRoomDirect(t.server, [alice.userId, bob.userId], { type: 'group' });
    const goneUp = await uploadOk(t.url, alice, gone, 'gone.png', await png(64, 64));
    expect(await sendFile(sa, gone, goneUp)).toMatchObject({ ok: true });
    const [first] = await writeMessages(t, gone, bob.userId, ['bob was here']);
    await writeMessages(t, gone, alice.userId, ['reply'], first);
    await db.batch(
      [
        { sql: 'INSERT INTO pinned_messages (room_id, message_id, pinned_by) VALUES (?, ?, ?)', args: [gone, first!, alice.userId] },
        { sql: "INSERT INTO polls (room_id, created_by, question) VALUES (?, ?, 'lunch?')", args: [gone, bob.userId] },
        { sql: "INSERT INTO poll_options (poll_id, option_text) VALUES (last_insert_rowid(), 'yes')", args: [] },
        { sql: 'INSERT INTO poll_votes (poll_id, option_id, user_id) SELECT poll_id, id, ? FROM poll_options WHERE id = last_insert_rowid()', args: [alice.userId] },
        { sql: "INSERT INTO message_reactions (message_id, user_id, emoji) VALUES (?, ?, '👍')", args: [first!, alice.userId] },
      ],
      'write',
    );
    const goneFiles = (await db.execute({ sql: 'SELECT file_path, thumbnail_path FROM room_files WHERE room_id = ?', args: [gone] })).rows;
    const goneDisk = goneFiles.flatMap((r) => [String(r.file_path), ...(r.thumbnail_path ? [String(r.thumbnail_path)] : [])]).map((p) => age(t, p));
    expect(goneDisk.length).toBeGreaterThanOrEqual(2);

    // A live room with the same kinds of data, and an account with messages in it that stays.
    const kept = await createRoomDirect(t.server, [alice.userId, carol.userId], { type: 'group' });
    const keptUp = await uploadOk(t.url, alice, kept, 'kept.png', await png(32, 32));
    expect(await sendFile(sa, kept, keptUp)).toMatchObject({ ok: true });
    const keptDisk = age(t, keptUp.file_path);
    await writeMessages(t, kept, carol.userId, ['carol stays']);
    await db.execute({ sql: "INSERT INTO polls (room_id, created_by, question, ends_at) VALUES (?, ?, 'overdue?', ?)", args: [kept, carol.userId, ago(60_000)] });

    // Bob deletes his account (his messages stay, without a sender); Alice leaves: the room is empty.
    expect((await env.a.del('/api/me', { password: 'Password123!' }, { token: bob.accessToken })).status).toBe(200);
    await removeMember(t, gone, alice.userId);

    // Stale sessions (revoked and expired past the 30-day grace) beside Carol's live one.
    const second = await registerAndLogin(env.a);
    const stale = await api(t.url).post('/api/device-sessions', { username: second.username, password: 'Password123!', device_name: 'Old' });
    await db.execute({ sql: 'UPDATE device_sessions SET revoked_at = ? WHERE id = ?', args: [ago(40 * DAY), second.sessionId] });
    await db.execute({ sql: 'UPDATE device_sessions SET expires_at = ? WHERE id = ?', args: [ago(40 * DAY), stale.body.device_session_id] });
    // Access logs past 90 days, one of them under a legal hold.
    const oldLogs = (await db.execute({ sql: 'SELECT id FROM access_logs WHERE user_id = ? ORDER BY id', args: [carol.userId] })).rows.map((r) => Number(r.id));
    expect(oldLogs.length).toBeGreaterThanOrEqual(2);
    await db.execute({ sql: `UPDATE access_logs SET created_at = ? WHERE id IN (${oldLogs.join(',')})`, args: [ago(100 * DAY)] });
    await db.execute({ sql: "INSERT INTO legal_holds (hold_type, target_id, reason) VALUES ('access_log', ?, 'case 7')", args: [String(oldLogs[0])] });
    // An upload never sent (its token expired), stray files, a held one, a stray avatar.
    const unsent = await uploadOk(t.url, carol, kept, 'unsent.txt', 'never sent');
    await db.execute({ sql: 'UPDATE upload_tokens SET expires_at = ? WHERE file_path = ?', args: [ago(60_000), unsent.file_path] });
    const unsentDisk = age(t, unsent.file_path);
    const strayDisk = stray(t, 'stray.bin');
    const heldDisk = stray(t, 'held.bin');
    await db.execute({ sql: "INSERT INTO legal_holds (hold_type, target_id) VALUES ('file_path', 'held.bin')", args: [] });
    const avatarDisk = stray(t, 'profiles/stray.png');

    const results = await t.server.maintenance.runOnce();
    expect(results).toMatchObject({ cleaned_empty_rooms: 1, cleaned_device_sessions: 2, closed_polls: 1 });
    expect(results!.cleaned_access_logs).toBe(oldLogs.length - 1);
    expect(results!.cleaned_upload_tokens).toBeGreaterThanOrEqual(1);
    expect(results!.cleaned_orphan_uploads).toBe(goneDisk.length + 2); // + the unsent upload and stray.bin
    expect(results!.cleaned_orphan_profiles).toBe(1);

    // The empty room and everything in it is gone, on disk too; nothing dangles.
    for (const table of ['rooms WHERE id = ?', 'messages WHERE room_id = ?', 'room_files WHERE room_id = ?', 'pinned_messages WHERE room_id = ?', 'polls WHERE room_id = ?', 'upload_tokens WHERE room_id = ?']) {
      expect(await count(t, `SELECT COUNT(*) AS n FROM ${table}`, [gone]), table).toBe(0);
    }
    expect(await count(t, 'SELECT COUNT(*) AS n FROM poll_votes WHERE user_id = ?', [alice.userId])).toBe(0);
    expect(await count(t, 'SELECT COUNT(*) AS n FROM message_reactions WHERE user_id = ?', [alice.userId])).toBe(0);
    expect((await db.execute('PRAGMA foreign_key_check')).rows).toEqual([]);
    for (const abs of [...goneDisk, unsentDisk, strayDisk, avatarDisk]) expect(fs.existsSync(abs), abs).toBe(false);
    // What is live or held stays.
    expect(await count(t, 'SELECT COUNT(*) AS n FROM messages WHERE room_id = ?', [kept])).toBe(2);
    expect(await count(t, 'SELECT COUNT(*) AS n FROM polls WHERE room_id = ? AND closed = 1', [kept])).toBe(1);
    expect(fs.existsSync(keptDisk)).toBe(true);
    expect(fs.existsSync(heldDisk)).toBe(true);
    expect(await count(t, 'SELECT COUNT(*) AS n FROM access_logs WHERE id = ?', [oldLogs[0]!])).toBe(1);
    expect((await env.a.get('/api/me', { token: carol.accessToken })).status).toBe(200);

    const health = healthResponseSchema.parse((await env.a.get('/api/system/health', { token: carol.accessToken })).body);
    expect(health.maintenance.last_results).toEqual(results);
    expect(health.maintenance.last_error).toBeNull();
    expect(health.maintenance.last_run_by).not.toBeNull();
    expect(Object.keys(health.maintenance.jobs).sort()).toEqual(Object.keys(results!).sort());
    for (const [name, job] of Object.entries(health.maintenance.jobs)) {
      expect(job.error, name).toBeNull();
      expect(job.rows, name).toBe(results![name as keyof typeof results]);
      expect(Date.parse(job.at)).toBeGreaterThanOrEqual(Date.parse(health.maintenance.last_run_at!) - 60_000);
    }
  });

  it('reports a failing job by name in health (the others still run)', async () => {
    await withServer({}, async (s) => {
      s.server.maintenance.register('broken_probe', async () => {
        throw new Error('disk on fire');
      });
      await s.server.maintenance.runOnce();
      const u = await registerAndLogin(api(s.url));
      const h = healthResponseSchema.parse((await api(s.url).get('/api/system/health', { token: u.accessToken })).body);
      expect(h.status).toBe('degraded');
      expect(h.maintenance.jobs.broken_probe).toMatchObject({ rows: 0, error: 'disk on fire' });
      expect(h.maintenance.jobs.cleaned_device_sessions?.error).toBeNull();
      expect(h.maintenance.last_error).toContain('broken_probe: disk on fire');
    });
  });
});

describe('once per cluster', () => {
  it('two servers on one database: a pass runs on one of them; the other takes over when it stops', async () => {
    await withServer({}, async (a) => {
      await withServer({ dataDir: a.dataDir, keepData: true }, async (b) => {
        const calls: string[] = [];
        a.server.maintenance.register('probe', async () => (calls.push('a'), 1));
        b.server.maintenance.register('probe', async () => (calls.push('b'), 1));
        // A took the lease at its start, so B's start-up pass was skipped, and is again.
        expect(await b.server.maintenance.runOnce()).toBeNull();
        expect(await a.server.maintenance.runOnce()).not.toBeNull();
        expect(calls).toEqual(['a']);

        // From an expired lease, both racing: exactly one runs.
        await a.server.db.execute({ sql: 'UPDATE maintenance_lease SET expires_at = ?', args: [ago(1000)] });
        calls.length = 0;
        const raced = await Promise.all([a.server.maintenance.runOnce(), b.server.maintenance.runOnce()]);
        expect(calls).toHaveLength(1);
        expect(raced.filter((r) => r === null)).toHaveLength(1);
        const runner = calls[0] === 'a' ? a : b;
        const other = runner === a ? b : a;

        // Every instance's health shows the cluster's last pass.
        const u = await registerAndLogin(api(a.url));
        const healthOf = async (s: TestServer) => healthResponseSchema.parse((await api(s.url).get('/api/system/health', { token: u.accessToken })).body).maintenance;
        const [ha, hb] = [await healthOf(a), await healthOf(b)];
        expect(ha.last_run_by).toBe(hb.last_run_by);
        expect(ha.last_run_at).toBe(hb.last_run_at);

        // The holder stops (hands the lease back): the other runs the next pass.
        await runner.server.maintenance.stop();
        calls.length = 0;
        expect(await other.server.maintenance.runOnce()).not.toBeNull();
        expect(calls).toEqual([runner === a ? 'b' : 'a']);
        expect((await healthOf(runner)).last_run_by).not.toBe(ha.last_run_by);
      });
    });
  });
});
