import { signal } from '@preact/signals';
import type { SearchHit } from '../../../protocol/rest/search.ts';
import type { Api } from '../net/api.ts';
import type { SearchResult, SearchStore } from '../stores.ts';
import type { DeviceIndex, IndexedMessage } from './device-index.ts';

export interface SearchDeps {
  api: Api;
  /** The signed-in user's device index (null: signed out). */
  device: () => DeviceIndex | null;
  /** The rooms I am in now: device hits of a room I left are not shown. */
  inRoom: (roomId: number) => boolean;
  /** The room open now, which "this room only" searches (null: none open). */
  currentRoom?: () => number | null;
  debounceMs?: number;
  cacheMs?: number;
  now?: () => number;
}

const LIMIT = 50;
/** Below this, no search runs (as the server: a 1-character query finds nothing). */
const MIN_CHARS = 2;

const fromServer = (h: SearchHit): SearchResult => ({
  id: h.id,
  roomId: h.room_id,
  senderName: h.sender_name,
  text: (h.message_type === 'file' || h.message_type === 'image' ? h.file_name : h.content) ?? '',
  createdAt: h.created_at,
  file: h.message_type === 'file' || h.message_type === 'image',
  source: 'server',
});

const fromDevice = (m: IndexedMessage): SearchResult => ({
  id: m.id,
  roomId: m.room_id,
  senderName: m.sender_name,
  text: m.text,
  createdAt: m.created_at,
  file: false,
  source: 'device',
});

/** Message search: typing is debounced (300 ms), the server and the device index are asked
 * together, their hits merged (one line per message, newest first), and an answer is reused for
 * 5 s (keyed by the lower-cased query). A failed server search still shows the device's hits. */
export class Search implements SearchStore {
  readonly query = signal('');
  readonly results = signal<SearchResult[] | null>(null);
  readonly searching = signal(false);
  readonly error = signal<string | null>(null);
  /** Search only the room open now (when one is), as Slack's `in:#room`. */
  readonly roomOnly = signal(false);
  /** The message a result opened: its room shows it and highlights it. */
  readonly target = signal<{ roomId: number; messageId: number } | null>(null);
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly cache = new Map<string, { at: number; results: SearchResult[]; error: string | null }>();
  private seq = 0;

  constructor(private readonly deps: SearchDeps) {}

  /** The search box changed. */
  input(q: string): void {
    this.query.value = q;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (Array.from(q.trim()).length < MIN_CHARS) {
      this.seq++;
      this.results.value = null;
      this.error.value = null;
      this.searching.value = false;
      return;
    }
    this.timer = setTimeout(() => void this.run(q), this.deps.debounceMs ?? 300);
  }

  /** "This room only" switched: the query, if any, is searched again at once. */
  setRoomOnly(on: boolean): void {
    this.roomOnly.value = on;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (Array.from(this.query.value.trim()).length >= MIN_CHARS) void this.run(this.query.value);
  }

  /** Search now (the debounce ends here). */
  async run(q: string): Promise<void> {
    const room = this.roomOnly.value ? (this.deps.currentRoom?.() ?? null) : null;
    const key = `${room ?? '*'} ${q.trim().toLocaleLowerCase()}`;
    const now = this.deps.now ?? Date.now;
    const hit = this.cache.get(key);
    if (hit && now() - hit.at < (this.deps.cacheMs ?? 5000)) {
      this.results.value = hit.results;
      this.error.value = hit.error;
      return;
    }
    const seq = ++this.seq;
    this.searching.value = true;
    const body = { query: q.trim(), room_id: room, sender_id: null, date_from: null, date_to: null, file_only: false, limit: LIMIT, offset: 0 };
    const [server, device] = await Promise.all([
      this.deps.api.call('POST /api/search/advanced', { body }).then(
        (r) => ({ hits: r.messages.map(fromServer), error: null }),
        (err: Error) => ({ hits: [] as SearchResult[], error: err.message }),
      ),
      (this.deps.device()?.search(q, LIMIT) ?? Promise.resolve([])).catch(() => []),
    ]);
    if (seq !== this.seq) return;
    const byId = new Map<number, SearchResult>();
    const local = device.map(fromDevice).filter((r) => this.deps.inRoom(r.roomId) && (room === null || r.roomId === room));
    for (const r of [...server.hits, ...local]) if (!byId.has(r.id)) byId.set(r.id, r);
    const results = [...byId.values()].sort((a, b) => b.id - a.id);
    this.cache.set(key, { at: now(), results, error: server.error });
    this.results.value = results;
    this.error.value = server.error;
    this.searching.value = false;
  }

  /** Forget everything (logout, another user). */
  reset(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.seq++;
    this.cache.clear();
    this.query.value = '';
    this.roomOnly.value = false;
    this.results.value = null;
    this.error.value = null;
    this.searching.value = false;
    this.target.value = null;
  }
}
