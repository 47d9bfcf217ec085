import { SQL_NOW } from './time.ts';

/** Versioned schema migrations, applied in order at start and recorded in schema_migrations.
 * Never edit a released migration: add a new one. Foreign keys are declared so that account
 * deletion and empty-room cleanup work (the origin's deletions failed on foreign keys). */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const now = `(${SQL_NOW})`;

/** Migration 10: a trigger that moves a room's page version (row 0: every room's), `rows` giving
 * (room_id, 1) to upsert. */
const PAGE_VERSION_TRIGGER = (name: string, event: string, rows: string) => `CREATE TRIGGER page_version_${name} ${event} BEGIN
  INSERT INTO page_versions (room_id, version) ${rows} ON CONFLICT (room_id) DO UPDATE SET version = version + 1;
END;`;
/** What the search index holds for a message row: its file name for files and images, else its text. */
export const SEARCH_BODY = (row: string) => `CASE WHEN ${row}.message_type IN ('file', 'image') THEN ${row}.file_name ELSE ${row}.content END`;

/** The body of the search index's update trigger (migration 8, guarded by migration 11): the row
 * leaves the index and comes back as it now is, if it is still searchable. */
const FTS_REINDEX_UPDATED = `  DELETE FROM messages_fts WHERE rowid = old.id;
  INSERT INTO messages_fts(rowid, body)
  SELECT new.id, b FROM (SELECT ${SEARCH_BODY('new')} AS b)
  WHERE b IS NOT NULL AND new.encrypted = 0 AND new.deleted_at IS NULL;`;

export const migrations: Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
CREATE TABLE users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  username TEXT NOT NULL COLLATE NOCASE UNIQUE,
  password_hash TEXT NOT NULL,
  nickname TEXT NOT NULL,
  profile_image TEXT,
  status TEXT NOT NULL DEFAULT 'offline' CHECK (status IN ('online','offline')),
  status_message TEXT,
  public_key TEXT,
  is_platform_admin INTEGER NOT NULL DEFAULT 0,
  approval_status TEXT NOT NULL DEFAULT 'approved' CHECK (approval_status IN ('pending','approved','rejected')),
  created_at TEXT NOT NULL DEFAULT ${now},
  updated_at TEXT NOT NULL DEFAULT ${now}
);
CREATE INDEX idx_users_status ON users(status);

CREATE TABLE rooms (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT,
  type TEXT NOT NULL CHECK (type IN ('direct','group')),
  created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  encryption_key TEXT,
  created_at TEXT NOT NULL DEFAULT ${now}
);

CREATE TABLE room_members (
  room_id INTEGER NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  joined_at TEXT NOT NULL DEFAULT ${now},
  last_read_message_id INTEGER NOT NULL DEFAULT 0,
  pinned INTEGER NOT NULL DEFAULT 0,
  muted INTEGER NOT NULL DEFAULT 0,
  role TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('admin','member')),
  PRIMARY KEY (room_id, user_id)
);
CREATE INDEX idx_room_members_user_id ON room_members(user_id);

CREATE TABLE messages (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  room_id INTEGER NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
  sender_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
  content TEXT,
  encrypted INTEGER NOT NULL DEFAULT 0,
  message_type TEXT NOT NULL DEFAULT 'text' CHECK (message_type IN ('text','file','image','system')),
  file_path TEXT,
  file_name TEXT,
  client_msg_id TEXT,
  reply_to INTEGER REFERENCES messages(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL DEFAULT ${now},
  edited_at TEXT,
  deleted_at TEXT
);
CREATE INDEX idx_messages_room_id_desc ON messages(room_id, id DESC);
CREATE INDEX idx_messages_sender_id ON messages(sender_id);
CREATE INDEX idx_messages_reply_to ON messages(reply_to);
CREATE INDEX idx_messages_file_name ON messages(file_name);
CREATE UNIQUE INDEX idx_messages_room_sender_client_msg_unique
  ON messages(room_id, sender_id, client_msg_id)
  WHERE client_msg_id IS NOT NULL AND client_msg_id <> '';

CREATE TABLE message_reactions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  emoji TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT ${now},
  UNIQUE (message_id, user_id, emoji)
);
CREATE INDEX idx_message_reactions_user_id ON message_reactions(user_id);

CREATE TABLE room_files (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  room_id INTEGER NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
  message_id INTEGER REFERENCES messages(id) ON DELETE SET NULL,
  file_path TEXT NOT NULL,
  file_name TEXT NOT NULL,
  file_size INTEGER,
  file_type TEXT,
  uploaded_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  uploaded_at TEXT NOT NULL DEFAULT ${now}
);
CREATE INDEX idx_room_files_file_path ON room_files(file_path);
CREATE INDEX idx_room_files_room_id ON room_files(room_id);
CREATE INDEX idx_room_files_message_id ON room_files(message_id);
CREATE INDEX idx_room_files_uploaded_by ON room_files(uploaded_by);

CREATE TABLE pinned_messages (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  room_id INTEGER NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
  message_id INTEGER REFERENCES messages(id) ON DELETE CASCADE,
  content TEXT,
  pinned_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  pinned_at TEXT NOT NULL DEFAULT ${now}
);
CREATE INDEX idx_pinned_messages_room_id ON pinned_messages(room_id);
CREATE INDEX idx_pinned_messages_message_id ON pinned_messages(message_id);
CREATE INDEX idx_pinned_messages_pinned_by ON pinned_messages(pinned_by);

CREATE TABLE polls (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  room_id INTEGER NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
  created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  question TEXT NOT NULL,
  multiple_choice INTEGER NOT NULL DEFAULT 0,
  anonymous INTEGER NOT NULL DEFAULT 0,
  closed INTEGER NOT NULL DEFAULT 0,
  ends_at TEXT,
  created_at TEXT NOT NULL DEFAULT ${now}
);
CREATE INDEX idx_polls_room_id ON polls(room_id);
CREATE INDEX idx_polls_created_by ON polls(created_by);

CREATE TABLE poll_options (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  poll_id INTEGER NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
  option_text TEXT NOT NULL
);
CREATE INDEX idx_poll_options_poll_id ON poll_options(poll_id);

CREATE TABLE poll_votes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  poll_id INTEGER NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
  option_id INTEGER NOT NULL REFERENCES poll_options(id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  voted_at TEXT NOT NULL DEFAULT ${now},
  UNIQUE (poll_id, option_id, user_id)
);
CREATE INDEX idx_poll_votes_poll_user ON poll_votes(poll_id, user_id);
CREATE INDEX idx_poll_votes_option_id ON poll_votes(option_id);
CREATE INDEX idx_poll_votes_user_id ON poll_votes(user_id);

CREATE TABLE device_sessions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  device_id TEXT NOT NULL,
  device_name TEXT NOT NULL,
  client_kind TEXT NOT NULL DEFAULT 'desktop' CHECK (client_kind IN ('desktop','browser')),
  -- sha256 of the current token's secret; the previous one stays valid until the current is first used.
  token_hash TEXT NOT NULL UNIQUE,
  prev_token_hash TEXT,
  token_nonce TEXT NOT NULL,
  generation INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL DEFAULT ${now},
  last_used_at TEXT NOT NULL DEFAULT ${now},
  expires_at TEXT NOT NULL,
  absolute_expires_at TEXT NOT NULL,
  revoked_at TEXT,
  revoke_reason TEXT,
  ip TEXT,
  user_agent TEXT,
  remember INTEGER NOT NULL DEFAULT 1,
  ttl_days INTEGER NOT NULL DEFAULT 30
);
CREATE INDEX idx_device_sessions_user_revoked ON device_sessions(user_id, revoked_at);
CREATE INDEX idx_device_sessions_expires_at ON device_sessions(expires_at);

CREATE TABLE upload_tokens (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  token_hash TEXT NOT NULL UNIQUE,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  room_id INTEGER NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
  file_path TEXT NOT NULL,
  file_name TEXT NOT NULL,
  file_type TEXT NOT NULL,
  file_size INTEGER,
  issued_at TEXT NOT NULL DEFAULT ${now},
  expires_at TEXT NOT NULL,
  consumed_at TEXT
);
CREATE INDEX idx_upload_tokens_expires_at ON upload_tokens(expires_at);
CREATE INDEX idx_upload_tokens_room_user ON upload_tokens(room_id, user_id);
CREATE INDEX idx_upload_tokens_user_id ON upload_tokens(user_id);

CREATE TABLE access_logs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
  action TEXT NOT NULL,
  ip_address TEXT,
  user_agent TEXT,
  created_at TEXT NOT NULL DEFAULT ${now}
);
CREATE INDEX idx_access_logs_user_created ON access_logs(user_id, created_at);
CREATE INDEX idx_access_logs_created_at ON access_logs(created_at);

CREATE TABLE pending_user_approvals (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','approved','rejected')),
  requested_at TEXT NOT NULL DEFAULT ${now},
  reviewed_at TEXT,
  reviewed_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  reason TEXT
);
CREATE INDEX idx_pending_user_approvals_user_status ON pending_user_approvals(user_id, status);
CREATE INDEX idx_pending_user_approvals_reviewed_by ON pending_user_approvals(reviewed_by);

CREATE TABLE legal_holds (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  hold_type TEXT NOT NULL CHECK (hold_type IN ('access_log','file_path')),
  target_id TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  reason TEXT,
  created_at TEXT NOT NULL DEFAULT ${now},
  released_at TEXT
);
CREATE INDEX idx_legal_holds_type_target_active ON legal_holds(hold_type, target_id, active);
`,
  },
  {
    version: 2,
    name: 'structured system messages',
    // Additive: older rows keep NULL and are shown by their content alone.
    sql: `ALTER TABLE messages ADD COLUMN system_payload TEXT;`,
  },
  {
    // When a user's last socket went away (UTC ISO-8601); NULL until they first go offline.
    version: 3,
    name: 'users.last_seen_at',
    sql: 'ALTER TABLE users ADD COLUMN last_seen_at TEXT;',
  },
  {
    // A thumbnail is made at upload: the token carries its path to the room file row.
    version: 4,
    name: 'thumbnails of uploaded images',
    sql: `ALTER TABLE upload_tokens ADD COLUMN thumbnail_path TEXT;
ALTER TABLE room_files ADD COLUMN thumbnail_path TEXT;`,
  },
  {
    // One row per cluster-wide job: who holds it until when (taken with one conditional upsert),
    // and the last pass's report, so every instance's health shows the cluster's last run.
    version: 5,
    name: 'maintenance lease',
    sql: `CREATE TABLE maintenance_lease (
  name TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  last_run_at TEXT,
  last_report TEXT
);`,
  },
  {
    // Room key rotation: version 1 stays the origin's rooms.encryption_key (cutover and origin
    // clients keep it where they knew it); each rotation adds a row here. Every message records
    // the version it is sealed with, every member the first version they may hold.
    version: 6,
    name: 'room key versions',
    sql: `CREATE TABLE room_keys (
  room_id INTEGER NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
  version INTEGER NOT NULL CHECK (version >= 2),
  wrapped_key TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT ${now},
  PRIMARY KEY (room_id, version)
);
ALTER TABLE rooms ADD COLUMN key_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE room_members ADD COLUMN joined_key_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE messages ADD COLUMN key_version INTEGER NOT NULL DEFAULT 1;`,
  },
  {
    // Platform administration: accounts can be disabled (every session revoked, logins refused),
    // passwords reset by an admin (the user must choose a new one), and every admin action is
    // kept in admin_audit (never the temporary password).
    version: 7,
    name: 'platform admin: disabled accounts, last login, forced password change, admin audit',
    sql: `ALTER TABLE users ADD COLUMN disabled_at TEXT;
ALTER TABLE users ADD COLUMN last_login_at TEXT;
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
CREATE INDEX idx_users_platform_admin ON users(is_platform_admin);
CREATE TABLE admin_audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  -- Plain ids, no foreign keys: the log outlives the accounts it names (NULL actor: an operator command).
  actor_user_id INTEGER,
  action TEXT NOT NULL,
  target_user_id INTEGER,
  details TEXT
);
CREATE INDEX idx_admin_audit_actor ON admin_audit(actor_user_id);
CREATE INDEX idx_admin_audit_target ON admin_audit(target_user_id);`,
  },
  {
    // Search: an FTS5 trigram index (infix matching, Latin and Korean) over what the server may
    // read: plaintext text/system content and file names. Encrypted and deleted messages are
    // never indexed, not even their ciphertext. Contentless: the text is not stored twice.
    // Mentions: the ids in clear on the message, and per mentioned member a row for the
    // room list's unread-mention count (members only: checked inside the insert's transaction).
    version: 8,
    name: 'search index and mentions',
    sql: `CREATE VIRTUAL TABLE messages_fts USING fts5(body, content='', contentless_delete=1, tokenize='trigram');
CREATE TRIGGER messages_fts_ai AFTER INSERT ON messages
WHEN new.encrypted = 0 AND new.deleted_at IS NULL
BEGIN
  INSERT INTO messages_fts(rowid, body)
  SELECT new.id, b FROM (SELECT ${SEARCH_BODY('new')} AS b) WHERE b IS NOT NULL;
END;
CREATE TRIGGER messages_fts_au AFTER UPDATE OF content, encrypted, message_type, file_name, deleted_at ON messages
BEGIN
${FTS_REINDEX_UPDATED}
END;
CREATE TRIGGER messages_fts_ad AFTER DELETE ON messages
BEGIN
  DELETE FROM messages_fts WHERE rowid = old.id;
END;
INSERT INTO messages_fts(rowid, body)
SELECT id, ${SEARCH_BODY('messages')} FROM messages
WHERE encrypted = 0 AND deleted_at IS NULL AND ${SEARCH_BODY('messages')} IS NOT NULL;

ALTER TABLE messages ADD COLUMN mentions TEXT;
CREATE TABLE message_mentions (
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  room_id INTEGER NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
  message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, room_id, message_id)
) WITHOUT ROWID;
CREATE INDEX idx_message_mentions_message_id ON message_mentions(message_id);
CREATE INDEX idx_message_mentions_room_id ON message_mentions(room_id);
CREATE TRIGGER message_mentions_ai AFTER INSERT ON messages
WHEN new.mentions IS NOT NULL
BEGIN
  INSERT OR IGNORE INTO message_mentions (user_id, room_id, message_id)
  SELECT j.value, new.room_id, new.id FROM json_each(new.mentions) j
  WHERE EXISTS (SELECT 1 FROM room_members rm WHERE rm.room_id = new.room_id AND rm.user_id = j.value);
END;
CREATE TRIGGER message_mentions_deleted AFTER UPDATE OF deleted_at ON messages
WHEN new.deleted_at IS NOT NULL
BEGIN
  DELETE FROM message_mentions WHERE message_id = new.id;
END;`,
  },
  {
    // migrate-origin's record of the rows it brought (table, origin key): a re-run skips them, never
    // writes into a row that did not come from the origin, and never brings back one deleted here.
    version: 9,
    name: 'origin import record',
    sql: `CREATE TABLE origin_imports (
  kind TEXT NOT NULL,
  origin_key TEXT NOT NULL,
  imported_at TEXT NOT NULL DEFAULT ${now},
  PRIMARY KEY (kind, origin_key)
) WITHOUT ROWID;`,
  },
  {
    // A counter per room that moves whenever anything a history page shows changes (a message, its
    // reactions, its file row), and row 0 for what every room shows (a user's name or picture).
    // The latest-page cache compares it, so it is right on every instance and worker without a
    // message between them (messages/page-cache.ts).
    version: 10,
    name: 'page versions',
    sql: `CREATE TABLE page_versions (
  room_id INTEGER PRIMARY KEY,
  version INTEGER NOT NULL
);
${PAGE_VERSION_TRIGGER('message_ai', 'AFTER INSERT ON messages', 'VALUES (new.room_id, 1)')}
${PAGE_VERSION_TRIGGER('message_au', 'AFTER UPDATE ON messages', 'VALUES (new.room_id, 1)')}
${PAGE_VERSION_TRIGGER('message_ad', 'AFTER DELETE ON messages', 'VALUES (old.room_id, 1)')}
${PAGE_VERSION_TRIGGER('reaction_ai', 'AFTER INSERT ON message_reactions', 'SELECT room_id, 1 FROM messages WHERE id = new.message_id')}
${PAGE_VERSION_TRIGGER('reaction_ad', 'AFTER DELETE ON message_reactions', 'SELECT room_id, 1 FROM messages WHERE id = old.message_id')}
${PAGE_VERSION_TRIGGER('file_ai', 'AFTER INSERT ON room_files', 'VALUES (new.room_id, 1)')}
${PAGE_VERSION_TRIGGER('file_au', 'AFTER UPDATE ON room_files', 'VALUES (new.room_id, 1)')}
${PAGE_VERSION_TRIGGER('user_au', 'AFTER UPDATE OF nickname, profile_image ON users', 'VALUES (0, 1)')}
${PAGE_VERSION_TRIGGER('user_ad', 'AFTER DELETE ON users', 'VALUES (0, 1)')}`,
  },
  {
    // Search indexing leaves the send path: a new message only queues its id, and the queue is
    // indexed in batches soon after and before every search (server/search/indexer.ts). An FTS5
    // insert in its own transaction cost about as much as the rest of a single message's commit.
    // An edit of a message still queued changes nothing here: it is indexed as it is by then.
    version: 11,
    name: 'deferred search indexing',
    sql: `CREATE TABLE search_pending (message_id INTEGER PRIMARY KEY);
DROP TRIGGER messages_fts_ai;
CREATE TRIGGER messages_fts_ai AFTER INSERT ON messages
WHEN new.encrypted = 0 AND new.deleted_at IS NULL
BEGIN
  INSERT OR IGNORE INTO search_pending (message_id) VALUES (new.id);
END;
DROP TRIGGER messages_fts_au;
CREATE TRIGGER messages_fts_au AFTER UPDATE OF content, encrypted, message_type, file_name, deleted_at ON messages
WHEN NOT EXISTS (SELECT 1 FROM search_pending WHERE message_id = new.id)
BEGIN
${FTS_REINDEX_UPDATED}
END;
DROP TRIGGER messages_fts_ad;
CREATE TRIGGER messages_fts_ad AFTER DELETE ON messages
BEGIN
  DELETE FROM search_pending WHERE message_id = old.id;
  DELETE FROM messages_fts WHERE rowid = old.id;
END;`,
  },
  {
    // Most messages neither reply nor carry a file: their NULLs were still inserted into both
    // indexes on every send. Partial indexes skip them (an INSERT measured 135 -> 112 µs alone,
    // 55 -> 48 µs in a batch of 50). A lookup `reply_to = ?` (also the foreign key's, when a
    // message is deleted) implies IS NOT NULL, so SQLite still uses them.
    version: 12,
    name: 'partial reply and file name indexes',
    sql: `DROP INDEX idx_messages_reply_to;
CREATE INDEX idx_messages_reply_to ON messages(reply_to) WHERE reply_to IS NOT NULL;
DROP INDEX idx_messages_file_name;
CREATE INDEX idx_messages_file_name ON messages(file_name) WHERE file_name IS NOT NULL;`,
  },
  {
    // An edit may change whom a message mentions: its mention rows follow (members only, as at a
    // send), so the mentioned users' unread-mention counts and the @ filter see the edited text.
    version: 13,
    name: 'mentions follow an edit',
    sql: `CREATE TRIGGER message_mentions_au AFTER UPDATE OF mentions ON messages
WHEN new.deleted_at IS NULL AND new.mentions IS NOT old.mentions
BEGIN
  DELETE FROM message_mentions WHERE message_id = new.id;
  INSERT OR IGNORE INTO message_mentions (user_id, room_id, message_id)
  SELECT j.value, new.room_id, new.id FROM json_each(coalesce(new.mentions, '[]')) j
  WHERE EXISTS (SELECT 1 FROM room_members rm WHERE rm.room_id = new.room_id AND rm.user_id = j.value);
END;`,
  },
];
