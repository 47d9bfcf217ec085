import type { KV } from '../../chat/outbox.ts';

/** The slice of Neutralino.filesystem this needs (injected, so tests can pass a map). */
export interface KvFiles {
  createDirectory(path: string): Promise<void>;
  readDirectory(path: string): Promise<Array<{ entry: string; type: string }>>;
  readFile(path: string): Promise<string>;
  writeFile(path: string, data: string): Promise<void>;
  move(source: string, destination: string): Promise<void>;
  remove(path: string): Promise<void>;
  chmod(path: string, mode: number): Promise<unknown>;
}

const SUFFIX = '.json';

/** base64url of the UTF-8 key: any key becomes a safe file name, and back. */
function fileName(key: string): string {
  let bin = '';
  for (const b of new TextEncoder().encode(key)) bin += String.fromCharCode(b);
  return `${btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}${SUFFIX}`;
}

function keyOf(name: string): string {
  const b64 = name.slice(0, -SUFFIX.length).replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
}

/** The desktop outbox: one JSON file per key in a folder of the per-user data directory, mode 0600.
 * Not IndexedDB: the runtime serves the app from 127.0.0.1 on a new port each launch, so the
 * webview's origin — and its IndexedDB — changes with every start, and an unsent message would not
 * survive a restart. Each write goes to a temporary file first and is then moved into place, so a
 * crash mid-write leaves the previous value (the outbox skips what it cannot read). */
export function fileKV(fs: KvFiles, dir: string): KV {
  let ready: Promise<void> | null = null;
  const folder = () => (ready ??= fs.createDirectory(dir).catch(() => {}));
  const path = (key: string) => `${dir}/${fileName(key)}`;
  return {
    async get(key) {
      await folder();
      try {
        return JSON.parse(await fs.readFile(path(key)));
      } catch {
        return undefined;
      }
    },
    async set(key, value) {
      await folder();
      const file = path(key);
      const tmp = `${file}.tmp`;
      await fs.writeFile(tmp, JSON.stringify(value));
      await fs.chmod(tmp, 0o600);
      await fs.move(tmp, file);
    },
    async del(key) {
      await folder();
      await fs.remove(path(key)).catch(() => {});
    },
    async entries() {
      await folder();
      const names = (await fs.readDirectory(dir)).filter((e) => e.type === 'FILE' && e.entry.endsWith(SUFFIX)).map((e) => e.entry);
      const out: Array<[string, unknown]> = [];
      for (const name of names) {
        try {
          out.push([keyOf(name), JSON.parse(await fs.readFile(`${dir}/${name}`))]);
        } catch {
          // half-written or foreign: skipped, as the outbox skips malformed values
        }
      }
      return out;
    },
  };
}
