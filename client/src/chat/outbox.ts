/** The persistent outbox: every message the user sent that the server has not ACKed yet, kept
 * across reloads and restarts, one list per (server URL, user) so a restart restores exactly that
 * user's unsent messages — and logging out never discards them (the origin wiped them).
 *
 * An entry holds what goes on the wire: the v2 ciphertext when the room has a key. So plaintext of
 * an encrypted room never lands on disk, a replay after a restart needs no room key (it can go out
 * at the first connect, before any room is opened), and every retry sends the very same payload.
 * Only when the key could not be fetched at send time (offline, room never opened) is the text kept
 * as plaintext (`encrypted: false`); it is sealed at delivery, before it leaves the machine. */

/** A tiny async key-value store: idb-keyval in the app (outbox-idb.ts), a Map in tests. */
export interface KV {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  del(key: string): Promise<void>;
  entries(): Promise<Array<[string, unknown]>>;
}

export interface OutboxEntry {
  client_msg_id: string;
  room_id: number;
  /** The content to send: ciphertext when `encrypted`, else plaintext (see above). */
  text: string;
  encrypted: boolean;
  reply_to: number | null;
  /** ISO-8601; with `seq`, the send order (replayed oldest first). */
  created_at: string;
  seq: number;
  /** Emits that went unanswered (timeouts, a socket lost mid-flight). */
  attempts: number;
  state: 'pending' | 'failed';
  /** Why it failed, localised (for the retry bubble). */
  error?: string;
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

  constructor(
    private readonly kv: KV,
    scope: { serverUrl: string; userId: number },
  ) {
    // One flat store; the scope is the key prefix (a server URL has no newline).
    this.prefix = `outbox\n${scope.serverUrl.replace(/\/+$/, '')}\n${scope.userId}\n`;
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

  remove(clientMsgId: string): Promise<void> {
    return this.kv.del(this.prefix + clientMsgId);
  }
}

/** A KV in memory: for tests, and where IndexedDB is missing (the outbox then lasts one run). */
export function memoryKV(): KV & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: async (k) => structuredClone(data.get(k)),
    set: async (k, v) => void data.set(k, structuredClone(v)),
    del: async (k) => void data.delete(k),
    entries: async () => [...data].map(([k, v]) => [k, structuredClone(v)]),
  };
}
