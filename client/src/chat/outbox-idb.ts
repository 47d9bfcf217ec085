import { createStore, del, entries, get, set } from 'idb-keyval';
import { type KV, memoryKV } from './outbox.ts';

/** The outbox KV in IndexedDB (browser and the Neutralino webview): database `messenger-outbox`,
 * store `entries`. Opened on first use; without IndexedDB (some private modes) it falls back to
 * memory, so sending still works and only the restart guarantee is lost. */
export function idbKV(): KV {
  if (typeof indexedDB === 'undefined') return memoryKV();
  let store: ReturnType<typeof createStore> | null = null;
  const s = () => (store ??= createStore('messenger-outbox', 'entries'));
  return {
    keepsBlobs: true,
    get: (k) => get(k, s()),
    set: (k, v) => set(k, v, s()),
    del: (k) => del(k, s()),
    entries: async () => (await entries<IDBValidKey, unknown>(s())).map(([k, v]) => [String(k), v] as [string, unknown]),
  };
}
