import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createClient } from '@libsql/client';
import bcrypt from 'bcryptjs';
import { encryptV2 } from '../../protocol/crypto/index.ts';
import { encryptV1ForTests } from '../../protocol/crypto/v1.ts';
import { wrapOriginRoomKey } from '../../server/origin/convert.ts';
import { png } from '../files/fixture.ts';

/** The origin's schema as its init_db leaves it (inventory §3.2, §3.3), with the columns it adds
 * later (room_members.role, messages.reply_to/client_msg_id, users.status_message/session_token). */
export const ORIGIN_DDL = `
CREATE TABLE users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  username TEXT UNIQUE NOT NULL,
  password_hash TEXT NOT NULL,
  nickname TEXT,
  profile_image TEXT,
  status TEXT DEFAULT 'offline',
  public_key TEXT,
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
  status_message TEXT,
  session_token TEXT
);
CREATE TABLE rooms (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT,
  type TEXT CHECK(type IN ('direct', 'group')),
  created_by INTEGER REFERENCES users(id),
  encryption_key TEXT,
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE room_members (
  room_id INTEGER REFERENCES rooms(id),
  user_id INTEGER REFERENCES users(id),
  joined_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
  last_read_message_id INTEGER DEFAULT 0,
  pinned INTEGER DEFAULT 0,
  muted INTEGER DEFAULT 0,
  role TEXT DEFAULT 'member',
  PRIMARY KEY (room_id, user_id)
);
CREATE TABLE messages (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  room_id INTEGER NOT NULL REFERENCES rooms(id),
  sender_id INTEGER NOT NULL REFERENCES users(id),
  content TEXT,
  encrypted INTEGER DEFAULT 1,
  message_type TEXT DEFAULT 'text',
  file_path TEXT,
  file_name TEXT,
  reply_to INTEGER REFERENCES messages(id),
  created_at TIMESTAMP,
  client_msg_id TEXT
);
CREATE TABLE access_logs (id INTEGER PRIMARY KEY AUTOINCREMENT, user_id INTEGER REFERENCES users(id), action TEXT, ip_address TEXT, user_agent TEXT, created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP);
CREATE TABLE pinned_messages (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  room_id INTEGER NOT NULL REFERENCES rooms(id),
  message_id INTEGER REFERENCES messages(id),
  content TEXT,
  pinned_by INTEGER NOT NULL REFERENCES users(id),
  pinned_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE polls (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  room_id INTEGER NOT NULL REFERENCES rooms(id),
  created_by INTEGER NOT NULL REFERENCES users(id),
  question TEXT NOT NULL,
  multiple_choice INTEGER DEFAULT 0,
  anonymous INTEGER DEFAULT 0,
  closed INTEGER DEFAULT 0,
  ends_at TIMESTAMP,
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE poll_options (id INTEGER PRIMARY KEY AUTOINCREMENT, poll_id INTEGER REFERENCES polls(id) ON DELETE CASCADE, option_text TEXT NOT NULL);
CREATE TABLE poll_votes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  poll_id INTEGER REFERENCES polls(id) ON DELETE CASCADE,
  option_id INTEGER REFERENCES poll_options(id) ON DELETE CASCADE,
  user_id INTEGER REFERENCES users(id),
  voted_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
  UNIQUE(poll_id, option_id, user_id)
);
CREATE TABLE room_files (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  room_id INTEGER NOT NULL REFERENCES rooms(id),
  message_id INTEGER REFERENCES messages(id),
  file_path TEXT NOT NULL,
  file_name TEXT NOT NULL,
  file_size INTEGER,
  file_type TEXT,
  uploaded_by INTEGER NOT NULL REFERENCES users(id),
  uploaded_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE message_reactions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  message_id INTEGER REFERENCES messages(id) ON DELETE CASCADE,
  user_id INTEGER REFERENCES users(id),
  emoji TEXT NOT NULL,
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
  UNIQUE(message_id, user_id, emoji)
);
CREATE TABLE device_sessions (id INTEGER PRIMARY KEY AUTOINCREMENT, user_id INTEGER REFERENCES users(id) ON DELETE CASCADE, device_id TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE, device_name TEXT, created_at TIMESTAMP, last_used_at TIMESTAMP, expires_at TIMESTAMP NOT NULL, revoked_at TIMESTAMP, ip TEXT, user_agent TEXT, remember INTEGER DEFAULT 1, ttl_days INTEGER DEFAULT 30);
CREATE TABLE pending_user_approvals (id INTEGER PRIMARY KEY AUTOINCREMENT, user_id INTEGER REFERENCES users(id) ON DELETE CASCADE, status TEXT DEFAULT 'pending', requested_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP, reviewed_at TIMESTAMP, reviewed_by INTEGER REFERENCES users(id), reason TEXT);
CREATE UNIQUE INDEX idx_messages_room_sender_client_msg_unique ON messages(room_id, sender_id, client_msg_id) WHERE client_msg_id IS NOT NULL AND client_msg_id <> '';
`;

/** What the seeded origin holds, for the assertions. */
export const SEED = {
  bcryptUser: { id: 1, username: 'kim', password: '비밀번호-bcrypt-1', nickname: '김철수' },
  legacyUser: { id: 2, username: 'lee', password: 'legacy-암호-2', nickname: '이영희' },
  thirdUser: { id: 5, username: 'park', password: 'park-pass-3', nickname: '박민수' },
  salt: 'c0ffee-origin-salt',
  room: { id: 3, name: '개발팀 🚀' },
  v1: { id: 10, text: '안녕하세요, v1 메시지입니다', kst: '2026-01-02 09:30:00', utc: '2026-01-02T00:30:00.000Z' },
  v2: { id: 11, text: '두 번째 v2 메시지 — 한글 테스트', kst: '2026-01-02 09:31:15.250000', utc: '2026-01-02T00:31:15.250Z' },
  plain: { id: 12, text: '박민수님이 입장했습니다.' },
  file: { messageId: 13, roomFileId: 7, originPath: '20260102093200_ab12cd34_report.pdf', name: '보고서.pdf', bytes: '%PDF-1.4\n% 보고서\n%%EOF\n' },
  reply: { id: 14, replyTo: 11 },
  poll: { id: 4, question: '점심 메뉴는? &lt;투표&gt;', unescaped: '점심 메뉴는? <투표>', options: [21, 22], endsKst: '2026-01-03 18:00:00', endsUtc: '2026-01-03T09:00:00.000Z' },
  pin: { id: 6, content: '공지: 회의는 &amp; 10시' },
  profile: 'profiles/1_20260101000000_deadbeef.png',
};

export interface OriginInstall {
  dir: string;
  dbFile: string;
  uploads: string;
  saltFile: string;
  roomKey: string;
}

const sha256hex = (s: string) => crypto.createHash('sha256').update(s, 'utf8').digest('hex');

/** An origin install folder: messenger.db seeded with Korean text, its .master_key and
 * .security_salt beside it, and uploads/ (a PDF and a profile picture). */
export async function buildOrigin(dir: string): Promise<OriginInstall> {
  fs.mkdirSync(path.join(dir, 'uploads', 'profiles'), { recursive: true });
  const masterKey = crypto.randomBytes(32);
  fs.writeFileSync(path.join(dir, '.master_key'), masterKey);
  const saltFile = path.join(dir, '.security_salt');
  fs.writeFileSync(saltFile, `${SEED.salt}\n`);
  fs.writeFileSync(path.join(dir, 'uploads', SEED.file.originPath), SEED.file.bytes);
  fs.writeFileSync(path.join(dir, 'uploads', SEED.profile), await png(40, 40, '#cc3366'));

  const roomKey = crypto.randomBytes(32).toString('base64');
  const v1 = await encryptV1ForTests(SEED.v1.text, roomKey, crypto.randomBytes(8));
  const v2 = await encryptV2(SEED.v2.text, roomKey);
  const { bcryptUser: a, legacyUser: b, thirdUser: c } = SEED;

  const dbFile = path.join(dir, 'messenger.db');
  const db = createClient({ url: `file:${dbFile}` });
  await db.executeMultiple(ORIGIN_DDL);
  await db.batch(
    [
      { sql: "INSERT INTO users (id, username, password_hash, nickname, profile_image, status, created_at) VALUES (?, ?, ?, ?, ?, 'online', '2025-12-31 15:00:00')", args: [a.id, a.username, bcrypt.hashSync(a.password, 10), a.nickname, SEED.profile] },
      { sql: 'INSERT INTO users (id, username, password_hash, nickname, status_message) VALUES (?, ?, ?, ?, ?)', args: [b.id, b.username, sha256hex(SEED.salt + b.password + SEED.salt), b.nickname, '휴가 중'] },
      { sql: "INSERT INTO users (id, username, password_hash, nickname, profile_image) VALUES (?, ?, ?, ?, '')", args: [c.id, c.username, bcrypt.hashSync(c.password, 10), c.nickname] },
      { sql: "INSERT INTO rooms (id, name, type, created_by, encryption_key) VALUES (?, ?, 'group', 1, ?)", args: [SEED.room.id, SEED.room.name, wrapOriginRoomKey(roomKey, masterKey)] },
      { sql: "INSERT INTO room_members (room_id, user_id, role, last_read_message_id) VALUES (3, 1, 'admin', 14), (3, 2, 'member', 11), (3, 5, 'member', 0)", args: [] },
      { sql: "INSERT INTO messages (id, room_id, sender_id, content, encrypted, created_at, client_msg_id) VALUES (?, 3, 1, ?, 1, ?, 'origin-cm-1')", args: [SEED.v1.id, v1, SEED.v1.kst] },
      { sql: "INSERT INTO messages (id, room_id, sender_id, content, encrypted, created_at, client_msg_id) VALUES (?, 3, 2, ?, 1, ?, '')", args: [SEED.v2.id, v2, SEED.v2.kst] },
      // The origin's system messages said encrypted=1 though they are plaintext.
      { sql: "INSERT INTO messages (id, room_id, sender_id, content, encrypted, message_type, created_at) VALUES (?, 3, 5, ?, 1, 'system', '2026-01-02 09:31:30')", args: [SEED.plain.id, SEED.plain.text] },
      { sql: "INSERT INTO messages (id, room_id, sender_id, content, encrypted, message_type, file_path, file_name, created_at) VALUES (?, 3, 1, ?, 0, 'file', ?, ?, '2026-01-02 09:32:00')", args: [SEED.file.messageId, SEED.file.name, SEED.file.originPath, SEED.file.name] },
      { sql: "INSERT INTO messages (id, room_id, sender_id, content, encrypted, reply_to, created_at) VALUES (?, 3, 5, ?, 1, ?, '2026-01-02 09:33:00')", args: [SEED.reply.id, await encryptV2('답장입니다', roomKey), SEED.reply.replyTo] },
      { sql: 'INSERT INTO room_files (id, room_id, message_id, file_path, file_name, file_size, file_type, uploaded_by, uploaded_at) VALUES (?, 3, ?, ?, ?, ?, \'file\', 1, \'2026-01-02 00:32:00\')', args: [SEED.file.roomFileId, SEED.file.messageId, SEED.file.originPath, SEED.file.name, Buffer.byteLength(SEED.file.bytes)] },
      { sql: "INSERT INTO message_reactions (message_id, user_id, emoji) VALUES (11, 1, '👍'), (11, 5, '👍'), (10, 2, '❤️')", args: [] },
      { sql: 'INSERT INTO pinned_messages (id, room_id, message_id, content, pinned_by) VALUES (?, 3, 11, ?, 1)', args: [SEED.pin.id, SEED.pin.content] },
      // A direct room without a key, and a notice in it pinning another room's message (the origin
      // did not check): skipped.
      { sql: "INSERT INTO rooms (id, name, type, created_by) VALUES (8, NULL, 'direct', 1)", args: [] },
      { sql: 'INSERT INTO room_members (room_id, user_id) VALUES (8, 1), (8, 2)', args: [] },
      { sql: 'INSERT INTO pinned_messages (id, room_id, message_id, content, pinned_by) VALUES (9, 8, 11, NULL, 2)', args: [] },
      { sql: 'INSERT INTO polls (id, room_id, created_by, question, multiple_choice, ends_at) VALUES (?, 3, 1, ?, 0, ?)', args: [SEED.poll.id, SEED.poll.question, SEED.poll.endsKst] },
      { sql: "INSERT INTO poll_options (id, poll_id, option_text) VALUES (21, 4, '김치찌개'), (22, 4, '비빔밥 &amp; 국')", args: [] },
      { sql: 'INSERT INTO poll_votes (poll_id, option_id, user_id) VALUES (4, 21, 1), (4, 21, 2), (4, 22, 5)', args: [] },
    ],
    'write',
  );
  // A reaction of an account that is gone (the origin's deletes left such rows): skipped.
  await db.execute('PRAGMA foreign_keys = OFF');
  await db.execute("INSERT INTO message_reactions (message_id, user_id, emoji) VALUES (10, 99, '😂')");
  db.close();
  return { dir, dbFile, uploads: path.join(dir, 'uploads'), saltFile, roomKey };
}
