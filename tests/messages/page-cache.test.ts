import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messagesResponseSchema } from '../../protocol/rest/messages.ts';
import { api } from '../helpers/http.ts';
import { createRoomDirect } from '../helpers/rooms.ts';
import { useServer } from '../helpers/suite.ts';
import { emitAck } from '../helpers/socket.ts';
import { type User, closeSockets, socketOf, users, writeMessages } from './fixture.ts';

/** The latest page is served from a per-server cache checked against page_versions: every change
 * a page shows must appear at once, also when another server on the same database made it. */
describe('latest history page cache', () => {
  const envA = useServer();
  // A second server on the same database (started after the first; stopped before it).
  const envB = useServer(() => ({ dataDir: envA.t.dataDir, keepData: true }));
  let alice: User, bob: User;
  let room: number;
  beforeAll(async () => {
    [alice, bob] = (await users(api(envA.t.url), 2)) as [User, User];
    room = await createRoomDirect(envA.t.server, [alice.userId, bob.userId]);
    await writeMessages(envA.t, room, alice.userId, ['one', 'two', 'three']);
  });
  afterAll(() => closeSockets());

  // Bob reads on server A; the changes below are made through server B.
  const latest = async (qs = '') => {
    const res = await api(envA.t.url).get(`/api/rooms/${room}/messages${qs}`, { token: bob.accessToken });
    expect(res.status).toBe(200);
    return messagesResponseSchema.parse(res.body).messages;
  };
  const onB = api;

  it('answers the same page twice, with and without meta', async () => {
    const first = await latest();
    expect(first.map((m) => m.content)).toEqual(['one', 'two', 'three']);
    expect(await latest()).toEqual(first);
    expect(await latest('?include_meta=0')).toEqual(first);
  });

  it('shows a message written by another server', async () => {
    await latest('?include_meta=0');
    await writeMessages(envB.t, room, alice.userId, ['four']);
    expect((await latest('?include_meta=0')).map((m) => m.content)).toEqual(['one', 'two', 'three', 'four']);
  });

  it('shows an edit, a reaction and a delete made on another server', async () => {
    const [, , three, four] = await latest('?include_meta=0');
    const edit = await onB(envB.t.url).put(`/api/messages/${three!.id}`, { content: 'three, edited' }, { token: alice.accessToken });
    expect(edit.status).toBe(200);
    const edited = (await latest('?include_meta=0')).find((m) => m.id === three!.id)!;
    expect(edited).toMatchObject({ content: 'three, edited' });
    expect(edited.edited_at).not.toBeNull();

    const react = await onB(envB.t.url).post(`/api/messages/${four!.id}/reactions`, { emoji: '👍' }, { token: alice.accessToken });
    expect(react.status).toBe(200);
    expect((await latest()).find((m) => m.id === four!.id)!.reactions).toEqual([{ emoji: '👍', count: 1, user_ids: [alice.userId] }]);

    const del = await onB(envB.t.url).del(`/api/messages/${four!.id}`, undefined, { token: alice.accessToken });
    expect(del.status).toBe(200);
    const deleted = (await latest('?include_meta=0')).find((m) => m.id === four!.id)!;
    expect(deleted.content).not.toBe('four');
  });

  it('shows a new nickname of the sender, changed on another server', async () => {
    await latest('?include_meta=0');
    const res = await onB(envB.t.url).put('/api/profile', { nickname: 'Alice Renamed' }, { token: alice.accessToken });
    expect(res.status).toBe(200);
    expect(new Set((await latest('?include_meta=0')).map((m) => m.sender_name))).toEqual(new Set(['Alice Renamed']));
  });

  it('moves unread counts when a member reads on another server', async () => {
    const before = await latest('?include_meta=0');
    const last = before.at(-1)!;
    expect(last.unread_count).toBe(1); // bob has not read it (alice sent it)
    const bobOnB = await socketOf(envB.t, bob);
    const ack = await emitAck(bobOnB, 'message_read', { room_id: room, message_id: last.id });
    expect(ack).toMatchObject({ ok: true });
    const after = await latest('?include_meta=0');
    expect(after.at(-1)!.unread_count).toBe(0);
    expect(after.map((m) => m.id)).toEqual(before.map((m) => m.id));
  });

  it('every change a page shows moves page_versions (the triggers of migration 10)', async () => {
    const db = envA.t.server.db;
    const version = async (roomId: number) => Number((await db.execute({ sql: 'SELECT version FROM page_versions WHERE room_id = ?', args: [roomId] })).rows[0]?.version ?? 0);
    const [id] = await writeMessages(envA.t, room, alice.userId, ['file holder']);
    const steps: Array<[string, () => Promise<unknown>, number]> = [
      ['file row added', () => db.execute({ sql: "INSERT INTO room_files (room_id, message_id, file_path, file_name) VALUES (?, ?, 'x.png', 'x.png')", args: [room, id!] }), room],
      ['thumbnail set', () => db.execute({ sql: "UPDATE room_files SET thumbnail_path = 't.webp' WHERE message_id = ?", args: [id!] }), room],
      ['reaction added', () => db.execute({ sql: "INSERT INTO message_reactions (message_id, user_id, emoji) VALUES (?, ?, '🎉')", args: [id!, bob.userId] }), room],
      ['reaction removed', () => db.execute({ sql: 'DELETE FROM message_reactions WHERE message_id = ?', args: [id!] }), room],
      ['message row deleted', () => db.execute({ sql: 'DELETE FROM messages WHERE id = ?', args: [id!] }), room],
      ['avatar changed', () => db.execute({ sql: "UPDATE users SET profile_image = 'p.webp' WHERE id = ?", args: [alice.userId] }), 0],
    ];
    for (const [what, change, scope] of steps) {
      const was = await version(scope);
      await change();
      expect({ what, moved: (await version(scope)) > was }).toEqual({ what, moved: true });
    }
  });
});
