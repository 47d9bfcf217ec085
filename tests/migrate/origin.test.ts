import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClient } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptMessage } from '../../protocol/crypto/index.ts';
import { roomFilesResponseSchema } from '../../protocol/rest/files.ts';
import { messagesResponseSchema } from '../../protocol/rest/messages.ts';
import { pinsResponseSchema } from '../../protocol/rest/pins.ts';
import { pollsResponseSchema } from '../../protocol/rest/polls.ts';
import { roomKeysResponseSchema } from '../../protocol/rest/rooms.ts';
import { searchResponseSchema } from '../../protocol/rest/search.ts';
import { download } from '../files/fixture.ts';
import { api } from '../helpers/http.ts';
import { startTestServer } from '../helpers/server.ts';
import { runCommand } from '../ops/cli.ts';
import { type OriginInstall, SEED, buildOrigin } from './origin-fixture.ts';

/** migrate-origin, run as operators run it, on an origin install built with the origin's schema;
 * then a server on the result: logins with the origin's passwords, history decrypted with the room
 * key it hands out, the file downloaded; then a second run that changes nothing. */
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'messenger-migrate-test-'));
const dataDir = path.join(work, 'data');
let origin: OriginInstall;
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
beforeAll(async () => {
  origin = await buildOrigin(path.join(work, 'origin'));
});

const migrate = () => runCommand('migrate-origin', ['--from', origin.dbFile, '--uploads', origin.uploads, '--salt-file', origin.saltFile], { DATA_DIR: dataDir });

/** Every row of every table, and every stored file with its bytes' hash: "nothing changed". */
async function snapshot(): Promise<string> {
  const db = createClient({ url: `file:${path.join(dataDir, 'messenger.db')}` });
  try {
    const tables = (await db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'messages_fts%' ORDER BY name")).rows.map((r) => String(r.name));
    const out: unknown[] = [];
    for (const t of tables) out.push(t, (await db.execute(`SELECT * FROM "${t}" ORDER BY 1`)).rows);
    const files = fs.readdirSync(path.join(dataDir, 'uploads'), { recursive: true, encoding: 'utf8' }).sort();
    out.push(files.map((f) => [f, fs.statSync(path.join(dataDir, 'uploads', f)).size]));
    return JSON.stringify(out);
  } finally {
    db.close();
  }
}

async function login(base: string, username: string, password: string) {
  return api(base).post('/api/device-sessions', { username, password, device_name: '이전 PC' });
}

async function passwordHash(username: string): Promise<string> {
  const db = createClient({ url: `file:${path.join(dataDir, 'messenger.db')}` });
  try {
    return String((await db.execute({ sql: 'SELECT password_hash FROM users WHERE username = ?', args: [username] })).rows[0]!.password_hash);
  } finally {
    db.close();
  }
}

// Two command processes and a server start: slow on a busy machine.
describe('migrate-origin', { timeout: 180_000 }, () => {
  it('imports the origin, serves it (logins, decryptable history, files, polls, pins), and a second run changes nothing', async () => {
    const first = await migrate();
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('users: 3 in the origin, 3 imported, 0 already here, 0 skipped');
    expect(first.stdout).toContain('messages: 5 in the origin, 5 imported');
    expect(first.stdout).toContain('message_reactions: 4 in the origin, 3 imported, 0 already here, 1 skipped');
    expect(first.stdout).toMatch(/skipped 1: message or user not imported/);
    expect(first.stdout).toContain('room_files: 1 in the origin, 1 imported');
    expect(first.stdout).toContain('rooms: 2 in the origin, 2 imported');
    expect(first.stdout).toContain('pinned_messages: 2 in the origin, 1 imported, 0 already here, 1 skipped\n  skipped 1: pinned message missing or in another room (id 9)');
    expect(first.stdout).toContain('poll_votes: 3 in the origin, 3 imported');

    // The legacy hash was converted; nothing has logged in yet.
    expect(await passwordHash(SEED.legacyUser.username)).toMatch(/^legacy-sha256\$/);
    expect(await passwordHash(SEED.bcryptUser.username)).toMatch(/^\$2[ab]\$10\$/);

    const t = await startTestServer({ dataDir, keepData: true });
    try {
      const a = api(t.url);
      // bcrypt and legacy SHA-256 passwords log in, and are re-hashed to ours.
      expect((await login(t.url, SEED.bcryptUser.username, 'wrong password')).status).toBe(401);
      const kim = await login(t.url, SEED.bcryptUser.username, SEED.bcryptUser.password);
      expect(kim.status).toBe(200);
      expect(kim.body.user.is_platform_admin).toBe(true);
      const lee = await login(t.url, SEED.legacyUser.username, SEED.legacyUser.password);
      expect(lee.status).toBe(200);
      expect(await passwordHash(SEED.bcryptUser.username)).toMatch(/^scrypt\$/);
      expect(await passwordHash(SEED.legacyUser.username)).toMatch(/^scrypt\$/);
      expect((await login(t.url, SEED.legacyUser.username, SEED.legacyUser.password)).status).toBe(200);
      const token = kim.body.access_token as string;

      // The room key the server gives decrypts the origin's v1 and v2 ciphertext.
      const keys = roomKeysResponseSchema.parse((await a.get('/api/rooms/keys', { token })).body).keys;
      const key = keys.find((k) => k.room_id === SEED.room.id)?.encryption_key;
      expect(key).toBe(origin.roomKey);
      const history = messagesResponseSchema.parse((await a.get(`/api/rooms/${SEED.room.id}/messages?limit=50`, { token })).body).messages;
      expect(history.map((m) => m.id)).toEqual([10, 11, 12, 13, 14]);
      const byId = new Map(history.map((m) => [m.id, m]));
      expect(byId.get(10)!.content).toMatch(/^U2FsdGVkX/);
      expect(await decryptMessage(byId.get(10)!.content!, key!)).toBe(SEED.v1.text);
      expect(byId.get(11)!.content).toMatch(/^v2:/);
      expect(await decryptMessage(byId.get(11)!.content!, key!)).toBe(SEED.v2.text);
      expect(await decryptMessage(byId.get(14)!.content!, key!)).toBe('답장입니다');
      // KST wall clock → UTC; plaintext system text is not marked encrypted.
      expect(byId.get(10)!.created_at).toBe(SEED.v1.utc);
      expect(byId.get(11)!.created_at).toBe(SEED.v2.utc);
      expect(byId.get(12)).toMatchObject({ content: SEED.plain.text, encrypted: 0 });
      expect(byId.get(10)!.encrypted).toBe(1);
      expect(byId.get(14)!.reply_to).toBe(11);
      expect(byId.get(11)!.reactions).toEqual([{ emoji: '👍', count: 2, user_ids: [1, 5] }]);
      expect(byId.get(10)!.reactions.map((r) => r.emoji)).toEqual(['❤️']);

      // The server's search sees the plaintext (and file names), never the ciphertext.
      const hits = searchResponseSchema.parse((await a.get(`/api/search?q=${encodeURIComponent('입장했습니다')}`, { token })).body);
      expect(hits.map((h) => h.id)).toEqual([SEED.plain.id]);
      expect(searchResponseSchema.parse((await a.get(`/api/search?q=${encodeURIComponent('보고서')}`, { token })).body).map((h) => h.id)).toEqual([SEED.file.messageId]);

      // The file and its upload: downloaded byte for byte under its Korean name.
      const list = roomFilesResponseSchema.parse((await a.get(`/api/rooms/${SEED.room.id}/files`, { token })).body);
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({ id: SEED.file.roomFileId, file_name: SEED.file.name, message_id: SEED.file.messageId });
      expect(byId.get(13)!.file_path).toBe(list[0]!.file_path);
      const got = await download(t.url, list[0]!.file_path, token);
      expect(got.status).toBe(200);
      expect(Buffer.from(got.bytes).toString('utf8')).toBe(SEED.file.bytes);

      const poll = pollsResponseSchema.parse((await a.get(`/api/rooms/${SEED.room.id}/polls`, { token })).body)[0]!;
      expect(poll).toMatchObject({ id: SEED.poll.id, question: SEED.poll.unescaped, ends_at: SEED.poll.endsUtc, total_voters: 3 });
      expect(poll.options.map((o) => [o.option_text, o.vote_count])).toEqual([
        ['김치찌개', 2],
        ['비빔밥 & 국', 1],
      ]);

      const pin = pinsResponseSchema.parse((await a.get(`/api/rooms/${SEED.room.id}/pins`, { token })).body)[0]!;
      expect(pin).toMatchObject({ id: SEED.pin.id, message_id: 11, content: '공지: 회의는 & 10시', pinned_by: 1 });

      // Read pointers and roles came along: kim read everything, lee up to 11, park nothing.
      const rooms = (await a.get('/api/rooms', { token: lee.body.access_token })).body;
      const room = (Array.isArray(rooms) ? rooms : rooms.rooms).find((r: { id: number }) => r.id === SEED.room.id);
      expect(room.unread_count).toBe(3);

      // The profile picture, re-encoded as ours are.
      const me = await a.get('/api/profile', { token });
      expect(me.body.profile_image).toMatch(/^profiles\/1_[0-9a-f]{32}\.webp$/);
      expect((await download(t.url, me.body.profile_image, token)).status).toBe(200);
    } finally {
      await t.close();
    }

    const before = await snapshot();
    const second = await migrate();
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('done: 0 new rows and files');
    expect(second.stdout).toContain('users: 3 in the origin, 0 imported, 3 already here, 0 skipped');
    expect(await snapshot()).toBe(before);

    // The origin kept running meanwhile: a later run brings only what it gained (the switch-time delta).
    const o = createClient({ url: `file:${origin.dbFile}` });
    await o.execute("INSERT INTO messages (id, room_id, sender_id, content, encrypted, created_at) VALUES (15, 3, 2, '전환 직전 메시지', 0, '2026-01-05 17:59:00')");
    o.close();
    const delta = await migrate();
    expect(delta.code).toBe(0);
    expect(delta.stdout).toContain('messages: 6 in the origin, 1 imported, 5 already here, 0 skipped');
    expect(delta.stdout).toContain('done: 1 new rows and files');

    // What was deleted here stays deleted: a re-run does not bring it back.
    const ours = createClient({ url: `file:${path.join(dataDir, 'messenger.db')}` });
    await ours.execute('DELETE FROM message_reactions WHERE id = 1');
    ours.close();
    const after = await migrate();
    expect(after.stdout).toContain('message_reactions: 4 in the origin, 0 imported, 2 already here, 1 skipped');
    expect(after.stdout).toContain('note (1): deleted here after an earlier run: not brought back (id 1)');
    expect(after.stdout).toContain('done: 0 new rows and files');
  });

  it("never writes into rows that are not the origin's: an id taken here is skipped, and what refers to it", async () => {
    const taken = path.join(work, 'taken');
    const t = await startTestServer({ dataDir: taken, keepData: true });
    const reg = await api(t.url).post('/api/register', { username: 'someone', password: 'Password123!' });
    await t.close();
    expect(reg.body.user_id).toBe(1);
    const r = await runCommand('migrate-origin', ['--from', origin.dbFile, '--uploads', origin.uploads], { DATA_DIR: taken });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('users: 3 in the origin, 2 imported, 0 already here, 1 skipped\n  skipped 1: id already used here by a row that is not from the origin (id 1)');
    expect(r.stdout).toMatch(/room_members: 5 in the origin, 3 imported, 0 already here, 2 skipped\n  skipped 2: room or user not imported \(id 3\/1, 8\/1\)/);
    expect(r.stdout).toContain('note (2): sender not imported: kept without a sender (id 10, 13)');
  });

  it("stops before importing anything without the origin's master key, or with another one", async () => {
    const elsewhere = path.join(work, 'elsewhere');
    fs.mkdirSync(elsewhere);
    const copy = path.join(elsewhere, 'messenger.db');
    fs.copyFileSync(origin.dbFile, copy);
    const fresh = path.join(work, 'fresh');
    const none = await runCommand('migrate-origin', ['--from', copy, '--uploads', origin.uploads, '--salt-file', origin.saltFile], { DATA_DIR: fresh });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('the origin master key is needed (--master-key)');
    const wrongKey = path.join(elsewhere, 'other_key');
    fs.writeFileSync(wrongKey, Buffer.alloc(32, 7));
    const wrong = await runCommand('migrate-origin', ['--from', copy, '--uploads', origin.uploads, '--master-key', wrongKey], { DATA_DIR: fresh });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('no room key opens with this master key');
    expect(wrong.stdout).not.toContain('users:');
  });

  it('refuses a missing origin database with a usage error', async () => {
    const r = await runCommand('migrate-origin', ['--from', path.join(work, 'nope.db'), '--uploads', work], { DATA_DIR: dataDir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--from must name the origin messenger.db');
  });
});
