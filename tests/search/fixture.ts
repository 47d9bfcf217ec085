import type { TestServer } from '../helpers/server.ts';

/** Messages for the search suites, written through the real writer (so the index triggers run). */
export async function text(t: TestServer, roomId: number, senderId: number, content: string, encrypted = false): Promise<number> {
  const { view } = await t.server.writer.write({ roomId, senderId, content, encrypted, type: 'text' });
  return view.id;
}

export async function file(t: TestServer, roomId: number, senderId: number, name: string): Promise<number> {
  const { view } = await t.server.writer.write({ roomId, senderId, content: name, encrypted: false, type: 'file', filePath: `x/${name}`, fileName: name });
  return view.id;
}

/** Move a message in time (the writer stamps "now"). */
export async function setCreatedAt(t: TestServer, id: number, iso: string): Promise<void> {
  await t.server.db.execute({ sql: 'UPDATE messages SET created_at = ? WHERE id = ?', args: [iso, id] });
}
