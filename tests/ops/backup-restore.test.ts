import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { messagesResponseSchema } from '../../protocol/rest/messages.ts';
import { roomKeysResponseSchema } from '../../protocol/rest/rooms.ts';
import { download, png, sendFile, uploadOk } from '../files/fixture.ts';
import { PASSWORD, api, registerAndLogin } from '../helpers/http.ts';
import { connectSocket, emitAck } from '../helpers/socket.ts';
import { onSqld } from '../helpers/sqld.ts';
import { useServer, withServer } from '../helpers/suite.ts';
import { backup } from '../../server/cli/backup.ts';
import { restore } from '../../server/cli/restore.ts';
import { verifyBackup } from '../../server/cli/verify-backup.ts';
import { runCommand, runInProcess } from './cli.ts';

/** backup → verify-backup → restore → a server on the restored data, while the source server
 * keeps taking messages; and the ways a backup must be refused. */
const env = useServer();
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'messenger-backup-test-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const backupDir = path.join(work, 'backup');

/** A copy of the backup to damage. */
function copyOfBackup(name: string): string {
  const dir = path.join(work, name);
  fs.cpSync(backupDir, dir, { recursive: true });
  return dir;
}

async function allMessageIds(base: string, token: string, roomId: number): Promise<Set<number>> {
  const ids = new Set<number>();
  let before: number | undefined;
  for (;;) {
    const res = await api(base).get(`/api/rooms/${roomId}/messages?limit=200&include_meta=false${before ? `&before_id=${before}` : ''}`, { token });
    expect(res.status).toBe(200);
    const page = messagesResponseSchema.parse(res.body).messages;
    for (const m of page) ids.add(m.id);
    if (page.length < 200) return ids;
    before = Math.min(...page.map((m) => m.id));
  }
}

// The backup runs in its own process (as operators run it) while this one writes; the checks run
// in-process. A process start is slow on a busy machine.
// File-only: backups copy the file database (VACUUM INTO) and restore writes one; on sqld the
// libSQL server's own snapshots are the backup (docs/operations.md).
describe.skipIf(onSqld)('backup, verify-backup and restore', { timeout: 120_000 }, () => {
  it('backs up while messages are written; the restored server has every message ACKed before the backup, logins and room keys', async () => {
    const alice = await registerAndLogin(env.a);
    const bob = await registerAndLogin(env.a);
    const created = await env.a.post('/api/rooms', { members: [bob.userId], name: 'backup room' }, { token: alice.accessToken });
    expect(created.status).toBe(200);
    const roomId = created.body.room_id as number;
    const socket = env.track(await connectSocket(env.t.url, alice.accessToken));
    const image = await png(64, 48);
    const up = await uploadOk(env.t.url, alice, roomId, 'photo.png', image);
    const sent = await sendFile(socket, roomId, up);
    expect(sent.ok).toBe(true);
    const keysBefore = roomKeysResponseSchema.parse((await env.a.get('/api/rooms/keys', { token: alice.accessToken })).body).keys;
    expect(keysBefore.find((k) => k.room_id === roomId)?.encryption_key).toBeTruthy();

    // A sender loop: one message in flight at a time, each ACK recorded.
    const acked: number[] = [];
    let stop = false;
    let n = 0;
    const loop = (async () => {
      while (!stop) {
        const ack = await emitAck(socket, 'send_message', { room_id: roomId, content: `during backup ${++n}`, type: 'text', encrypted: false, client_msg_id: `bk-${n}` });
        expect(ack.ok).toBe(true);
        acked.push(ack.message_id as number);
      }
    })();
    while (acked.length < 20) await new Promise((r) => setTimeout(r, 10));
    const ackedBeforeBackup = [...acked, sent.message_id as number];
    const countAtStart = acked.length;
    const result = await runCommand('backup', ['--out', backupDir], { DATA_DIR: env.t.dataDir });
    stop = true;
    await loop;
    expect(result.code, result.stderr).toBe(0);
    // The server kept writing while the backup ran.
    expect(acked.length).toBeGreaterThan(countAtStart);

    const verified = await runInProcess(verifyBackup, [backupDir], {});
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toContain('is good');
    const manifest = JSON.parse(fs.readFileSync(path.join(backupDir, 'manifest.json'), 'utf8'));
    expect(manifest.files.map((f: { path: string }) => f.path)).toEqual(expect.arrayContaining(['messenger.db', 'secrets.json', `uploads/${up.file_path}`]));
    expect(manifest.row_counts.messages).toBeGreaterThanOrEqual(ackedBeforeBackup.length);

    const restoredDir = path.join(work, 'restored-data');
    const restored = await runInProcess(restore, ['--from', backupDir], { DATA_DIR: restoredDir });
    expect(restored.code, restored.stderr).toBe(0);

    await withServer({ dataDir: restoredDir }, async (copy) => {
      const b = api(copy.url);
      // Passwords (and the secrets that sign sessions) came along: a fresh login works.
      const login = await b.post('/api/device-sessions', { username: alice.username, password: PASSWORD, device_name: 'after restore' });
      expect(login.status).toBe(200);
      const token = login.body.access_token as string;
      const ids = await allMessageIds(copy.url, token, roomId);
      expect(ackedBeforeBackup.filter((id) => !ids.has(id))).toEqual([]);
      // The master key came along: room keys unwrap to the same values.
      const keysAfter = roomKeysResponseSchema.parse((await b.get('/api/rooms/keys', { token })).body).keys;
      expect(keysAfter.find((k) => k.room_id === roomId)).toEqual(keysBefore.find((k) => k.room_id === roomId));
      // And so did the upload.
      const got = await download(copy.url, up.file_path, token);
      expect(got.status).toBe(200);
      expect(Buffer.from(got.bytes).equals(Buffer.from(image))).toBe(true);
    });
  });

  it('fails verify-backup for flipped bytes in a data page of the database, and for a deleted upload', async () => {
    const flipped = copyOfBackup('flipped');
    const db = path.join(flipped, 'messenger.db');
    const bytes = fs.readFileSync(db);
    // Page 2 onward holds table data (page 1 is the header and schema); flip a run in the middle.
    const at = Math.floor(bytes.length / 2);
    for (let i = at; i < at + 16; i++) bytes[i] = bytes[i]! ^ 0xff;
    fs.writeFileSync(db, bytes);
    const bad = await runInProcess(verifyBackup, [flipped], {});
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/messenger\.db: SHA-256 mismatch/);

    const noUpload = copyOfBackup('no-upload');
    const upload = fs.readdirSync(path.join(noUpload, 'uploads')).find((f) => f.endsWith('.png'))!;
    fs.rmSync(path.join(noUpload, 'uploads', upload));
    const missing = await runInProcess(verifyBackup, [noUpload], {});
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain(`uploads/${upload}: missing`);
  });

  it('restore refuses a non-empty DATA_DIR and leaves it untouched; backup refuses an existing --out', async () => {
    const busy = path.join(work, 'busy');
    fs.mkdirSync(busy);
    fs.writeFileSync(path.join(busy, 'keep.txt'), 'precious');
    const res = await runInProcess(restore, ['--from', backupDir], { DATA_DIR: busy });
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain('is not empty');
    expect(fs.readdirSync(busy)).toEqual(['keep.txt']);
    expect(fs.readFileSync(path.join(busy, 'keep.txt'), 'utf8')).toBe('precious');

    const again = await runInProcess(backup, ['--out', backupDir], { DATA_DIR: env.t.dataDir });
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('already exists');
  });
});
