import { describe, expect, it } from 'vitest';
import { Outbox } from '../../chat/outbox.ts';
import { type KvFiles, fileKV } from './file-kv.ts';

/** Neutralino's filesystem as a map (the runtime cannot run inside vitest; the desktop tests run
 * the real one). Records modes and refuses to read a missing file, like the runtime. */
function memoryFiles() {
  const files = new Map<string, string>();
  const modes = new Map<string, number>();
  const fs: KvFiles = {
    createDirectory: async () => {},
    readDirectory: async (dir) =>
      [...files.keys()].filter((p) => p.startsWith(`${dir}/`)).map((p) => ({ entry: p.slice(dir.length + 1), type: 'FILE' })),
    readFile: async (p) => {
      const v = files.get(p);
      if (v === undefined) throw new Error('NE_FS_FILRDER');
      return v;
    },
    writeFile: async (p, d) => void files.set(p, d),
    move: async (a, b) => {
      files.set(b, files.get(a)!);
      modes.set(b, modes.get(a)!);
      files.delete(a);
    },
    remove: async (p) => void files.delete(p),
    chmod: async (p, m) => void modes.set(p, m),
  };
  return { fs, files, modes };
}

describe('fileKV (the desktop outbox on disk)', () => {
  it('keeps values by key in 0600 files whose names survive any key', async () => {
    const { fs, files, modes } = memoryFiles();
    const kv = fileKV(fs, '/data/outbox');
    const key = 'outbox\nhttp://서버:5000\n7\nc-1/../x';
    await kv.set(key, { text: '안녕' });
    expect(await kv.get(key)).toEqual({ text: '안녕' });
    expect(await kv.entries()).toEqual([[key, { text: '안녕' }]]);
    const [file] = [...files.keys()];
    expect(file).toMatch(/^\/data\/outbox\/[\w-]+\.json$/);
    expect(modes.get(file!)).toBe(0o600);
    await kv.del(key);
    expect(await kv.get(key)).toBeUndefined();
    await kv.del(key); // absent: no error
  });

  it('skips half-written files, so the outbox restores what it can', async () => {
    const { fs, files } = memoryFiles();
    const kv = fileKV(fs, '/d');
    const outbox = new Outbox(kv, { serverUrl: 'http://s', userId: 1 });
    const entry = { client_msg_id: 'a', room_id: 1, text: 'v2:x', encrypted: true, reply_to: null, created_at: '2026-12-01T00:00:00Z', seq: 1, attempts: 0, state: 'pending' as const };
    await outbox.put(entry);
    files.set('/d/broken.json', '{"client_ms');
    files.set('/d/x.json.tmp', '{}');
    expect(await outbox.list()).toEqual([entry]);
  });
});
