import { clear, createStore, del, setMany, values } from 'idb-keyval';
import type { ChatItem } from '../stores.ts';

/** The device's own search index of encrypted messages: the server cannot search what it cannot
 * read, this device can. Every encrypted message it decrypted is kept here as plain text, in
 * IndexedDB, one database per (server, user), emptied at logout. Searched by infix, any case,
 * every word of the query required (as the server does). */

export interface IndexedMessage {
  id: number;
  room_id: number;
  sender_name: string | null;
  text: string;
  created_at: string;
}

export interface IndexStore {
  putMany(items: IndexedMessage[]): Promise<void>;
  del(id: number): Promise<void>;
  all(): Promise<IndexedMessage[]>;
  clear(): Promise<void>;
}

export function memoryIndexStore(): IndexStore {
  const map = new Map<number, IndexedMessage>();
  return {
    putMany: async (items) => items.forEach((m) => map.set(m.id, m)),
    del: async (id) => void map.delete(id),
    all: async () => [...map.values()],
    clear: async () => map.clear(),
  };
}

/** IndexedDB through idb-keyval (memory where there is none). */
export function idbIndexStore(serverUrl: string, userId: number): IndexStore {
  if (typeof indexedDB === 'undefined') return memoryIndexStore();
  const store = createStore(`messenger-search ${serverUrl} ${userId}`, 'messages');
  return {
    putMany: (items) => setMany(items.map((m) => [m.id, m]), store),
    del: (id) => del(id, store),
    all: () => values<IndexedMessage>(store),
    clear: () => clear(store),
  };
}

/** The words a text must all contain, lower-cased. */
export function queryWords(query: string): string[] {
  return [...new Set(query.toLocaleLowerCase().split(/\s+/u).filter(Boolean))];
}

export class DeviceIndex {
  /** Written together a moment later: a page of history is one transaction, not fifty. */
  private pending: IndexedMessage[] = [];
  private flushing: Promise<void> | null = null;

  constructor(private readonly store: IndexStore) {}

  add(items: readonly ChatItem[]): void {
    for (const it of items) {
      if (it.id === null || it.deleted) continue;
      this.pending.push({ id: it.id, room_id: it.roomId, sender_name: it.senderName, text: it.text, created_at: it.createdAt });
    }
    this.flushing ??= Promise.resolve().then(() => this.flush());
  }

  remove(id: number): void {
    this.pending = this.pending.filter((m) => m.id !== id);
    void this.store.del(id).catch(() => {});
  }

  /** Newest first, at most `limit`. */
  async search(query: string, limit: number): Promise<IndexedMessage[]> {
    await this.flushing;
    const words = queryWords(query);
    if (words.length === 0) return [];
    const all = await this.store.all();
    return all
      .filter((m) => {
        const text = m.text.toLocaleLowerCase();
        return words.every((w) => text.includes(w));
      })
      .sort((a, b) => b.id - a.id)
      .slice(0, limit);
  }

  async wipe(): Promise<void> {
    this.pending = [];
    await this.store.clear();
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    this.flushing = null;
    if (batch.length > 0) await this.store.putMany(batch).catch(() => {});
  }
}
