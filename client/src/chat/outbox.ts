/** The persistent outbox: every message the user sent that the server has not ACKed yet, kept
 * across reloads and restarts, one list per (server URL, user) so a restart restores exactly that
 * user's unsent messages — and logging out never discards them (the origin wiped them).
 *
 * An entry holds what goes on the wire: the v2 ciphertext when the room has a key. So a replay
 * after a restart needs no room key (it can go out at the first connect, before any room is
 * opened), and every retry sends the very same payload. Only when the key could not be fetched at
 * send time (offline, room never opened) is `text` plaintext (`encrypted: false`); it is sealed at
 * delivery, before it leaves the machine.
 *
 * The text as typed (`typed`) is kept beside it until the ACK: a room key may rotate while the
 * message waits, and the key it was sealed with may then be gone for good (its author removed and
 * added again holds only the versions from the new join), yet the message must still go out and
 * its bubble still read. It is the author's own text on the author's own device, like the device
 * search index (docs/search.md); it never leaves the machine unsealed. */

/** A tiny async key-value store: idb-keyval in the app (outbox-idb.ts), a Map in tests. */
export interface KV {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  del(key: string): Promise<void>;
  entries(): Promise<Array<[string, unknown]>>;
  /** Whether a Blob survives a set/get (IndexedDB, memory); the desktop's JSON files do not. */
  keepsBlobs?: boolean;
}

/** A file or image message: what was attached and, once uploaded, its single-use token. The bytes
 * are kept beside the entry (putFile) where the store can hold a Blob. */
export interface OutboxFile {
  name: string;
  type: 'file' | 'image';
  size: number;
  /** From the upload answer; null until uploaded, or once refused as expired. */
  token: string | null;
  path: string | null;
  /** When the token was issued (ms since the epoch, this machine's clock). */
  token_at: number | null;
}

export interface OutboxEntry {
  client_msg_id: string;
  room_id: number;
  /** The content to send: ciphertext when `encrypted`, else plaintext (see above). */
  text: string;
  encrypted: boolean;
  /** The text as typed (see above); absent in entries written before it was kept. */
  typed?: string;
  /** The room key version `text` is sealed with (absent: 1, entries written before rotation). */
  key_version?: number;
  reply_to: number | null;
  /** User ids the text mentions (sent in clear beside the ciphertext); absent in older entries. */
  mentions?: number[];
  /** ISO-8601; with `seq`, the send order (replayed oldest first). */
  created_at: string;
  seq: number;
  /** Emits that went unanswered (timeouts, a socket lost mid-flight). */
  attempts: number;
  state: 'pending' | 'failed';
  /** Why it failed, localised (for the retry bubble). */
  error?: string;
  /** Set for a file or image message (`text` is then the file name, never encrypted). */
  file?: OutboxFile;
}

function isEntry(v: unknown): v is OutboxEntry {
  const e = v as OutboxEntry;
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof e.client_msg_id === 'string' &&
    typeof e.room_id === 'number' &&
    typeof e.text === 'string' &&
    typeof e.created_at === 'string' &&
    (e.state === 'pending' || e.state === 'failed')
  );
}

export function byAge(a: OutboxEntry, b: OutboxEntry): number {
  return a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : (a.seq ?? 0) - (b.seq ?? 0);
}

export class Outbox {
  private readonly prefix: string;
  private readonly filePrefix: string;

  constructor(
    private readonly kv: KV,
    scope: { serverUrl: string; userId: number },
  ) {
    // One flat store; the scope is the key prefix (a server URL has no newline).
    const scoped = `${scope.serverUrl.replace(/\/+$/, '')}\n${scope.userId}\n`;
    this.prefix = `outbox\n${scoped}`;
    this.filePrefix = `outbox-file\n${scoped}`;
  }

  /** This user's entries, oldest first. Malformed values (a crash mid-write, an older format) are skipped. */
  async list(): Promise<OutboxEntry[]> {
    const all = await this.kv.entries();
    return all
      .filter(([k, v]) => typeof k === 'string' && k.startsWith(this.prefix) && isEntry(v))
      .map(([, v]) => ({ ...(v as OutboxEntry), seq: (v as OutboxEntry).seq ?? 0, attempts: (v as OutboxEntry).attempts ?? 0 }))
      .sort(byAge);
  }

  put(entry: OutboxEntry): Promise<void> {
    return this.kv.set(this.prefix + entry.client_msg_id, { ...entry });
  }

  async remove(clientMsgId: string): Promise<void> {
    await this.kv.del(this.prefix + clientMsgId);
    if (this.kv.keepsBlobs) await this.kv.del(this.filePrefix + clientMsgId);
  }

  /** Keep a file message's bytes, so a reload can still upload it; a no-op where Blobs do not
   * survive (the desktop: the message then fails after a restart unless its token is still good). */
  async putFile(clientMsgId: string, blob: Blob): Promise<void> {
    if (this.kv.keepsBlobs) await this.kv.set(this.filePrefix + clientMsgId, blob);
  }

  async file(clientMsgId: string): Promise<Blob | null> {
    if (!this.kv.keepsBlobs) return null;
    const v = await this.kv.get(this.filePrefix + clientMsgId);
    return v instanceof Blob ? v : null;
  }
}

/** A KV in memory: for tests, and where IndexedDB is missing (the outbox then lasts one run). */
export function memoryKV(): KV & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    keepsBlobs: true,
    get: async (k) => structuredClone(data.get(k)),
    set: async (k, v) => void data.set(k, structuredClone(v)),
    del: async (k) => void data.delete(k),
    entries: async () => [...data].map(([k, v]) => [k, structuredClone(v)]),
  };
}
