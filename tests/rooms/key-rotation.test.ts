import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decryptMessage, encryptV2 } from '../../protocol/crypto/index.ts';
import { roomKeyRotatedEventSchema } from '../../protocol/events/server.ts';
import { messagesResponseSchema } from '../../protocol/rest/messages.ts';
import { roomKeyRingSchema } from '../../protocol/rest/room-keys.ts';
import { roomKeysResponseSchema } from '../../protocol/rest/rooms.ts';
import { onSqld } from '../helpers/sqld.ts';
import { useServer } from '../helpers/suite.ts';
import { type Client, type User, as, connect, createRoom, expectError, user, waitFor } from './fixtures.ts';

const env = useServer();

const ring = async (u: User, roomId: number) => roomKeyRingSchema.parse((await env.a.get(`/api/rooms/${roomId}/keys`, as(u))).body);
const meta = async (u: User, roomId: number) => messagesResponseSchema.parse((await env.a.get(`/api/rooms/${roomId}/messages?limit=200`, as(u))).body);
const keyOf = (r: { encryption_keys: { version: number; key: string }[] }, version: number) => r.encryption_keys.find((k) => k.version === version)!.key;
const leave = async (u: User, roomId: number) => expect((await env.a.post(`/api/rooms/${roomId}/leave`, {}, as(u))).status).toBe(200);
const kick = async (admin: User, roomId: number, target: User) => expect((await env.a.del(`/api/rooms/${roomId}/members/${target.userId}`, undefined, as(admin))).status).toBe(200);

/** Every key string a user can get from the server right now, by every route that hands keys out. */
async function everyKeyOf(u: User, roomId: number): Promise<string[]> {
  const found: string[] = [];
  const all = await env.a.get('/api/rooms/keys', as(u));
  for (const k of roomKeysResponseSchema.parse(all.body).keys) {
    if (k.encryption_key) found.push(k.encryption_key);
    found.push(...k.encryption_keys.map((x) => x.key));
  }
  const one = await env.a.get(`/api/rooms/${roomId}/keys`, as(u));
  if (one.status === 200) found.push(...roomKeyRingSchema.parse(one.body).encryption_keys.map((x) => x.key));
  const page = await env.a.get(`/api/rooms/${roomId}/messages?limit=1`, as(u));
  if (page.status === 200) {
    if (page.body.encryption_key) found.push(page.body.encryption_key);
    found.push(...(page.body.encryption_keys ?? []).map((x: { key: string }) => x.key));
  }
  return [...new Set(found)];
}

async function send(socket: Client, payload: Record<string, unknown>) {
  return socket.timeout(5000).emitWithAck('send_message', { type: 'text', ...payload });
}

async function storedMessage(id: number) {
  return (await env.t.server.db.execute({ sql: 'SELECT content, encrypted, key_version FROM messages WHERE id = ?', args: [id] })).rows[0]!;
}

describe('key versions', () => {
  it('a room nobody left stays at version 1, and the legacy key fields answer as before', async () => {
    const [a, b, c] = [await user(env), await user(env), await user(env)];
    const room = await createRoom(env, a, [b, c]);
    await env.a.post(`/api/rooms/${room}/members`, { user_ids: [(await user(env)).userId] }, as(a));
    const r = await ring(b, room);
    expect(r.key_version).toBe(1);
    expect(r.encryption_keys).toEqual([{ version: 1, key: r.encryption_key }]);
    const page = await meta(b, room);
    expect(page.encryption_key).toBe(r.encryption_key);
    expect(page.key_version).toBe(1);
    expect(page.messages.every((m) => m.key_version === 1)).toBe(true);
    // An origin client's send (no key_version) sealed with the one key it knows is stored.
    const s = await connect(env, b, [room]);
    const ack = await send(s, { room_id: room, content: await encryptV2('legacy', r.encryption_key!), encrypted: true, client_msg_id: 'legacy-1' });
    expect(ack.ok).toBe(true);
    expect(Number((await storedMessage(ack.message_id)).key_version)).toBe(1);
  });

  it('a leave and a kick each add a version; the remaining members hear of it and get every version', async () => {
    const [a, b, c, d] = [await user(env), await user(env), await user(env), await user(env)];
    const room = await createRoom(env, a, [b, c, d]);
    const v1 = (await ring(a, room)).encryption_key!;
    const [sb, sc] = [await connect(env, b, [room]), await connect(env, c, [room])];

    await leave(c, room);
    const rotated = roomKeyRotatedEventSchema.parse(await waitFor(sb, 'room_key_rotated', (p) => p.room_id === room));
    expect(rotated).toEqual({ room_id: room, key_version: 2 });
    const r2 = await ring(b, room);
    expect(r2.key_version).toBe(2);
    expect(r2.encryption_keys.map((k) => k.version)).toEqual([1, 2]);
    expect(keyOf(r2, 1)).toBe(v1);
    expect(r2.encryption_key).toBe(keyOf(r2, 2));
    expect(r2.encryption_key).not.toBe(v1);

    await kick(a, room, d);
    await waitFor(sb, 'room_key_rotated', (p) => p.room_id === room && p.key_version === 3);
    const r3 = await ring(a, room);
    expect(r3.encryption_keys.map((k) => k.version)).toEqual([1, 2, 3]);
    expect(new Set(r3.encryption_keys.map((k) => k.key)).size).toBe(3);
    // The all-rooms answer and the messages meta agree with the per-room one.
    const all = roomKeysResponseSchema.parse((await env.a.get('/api/rooms/keys', as(a))).body).keys.find((k) => k.room_id === room);
    expect(all).toEqual(r3);
    const page = await meta(a, room);
    expect({ encryption_key: page.encryption_key, key_version: page.key_version, encryption_keys: page.encryption_keys }).toEqual({
      encryption_key: r3.encryption_key,
      key_version: 3,
      encryption_keys: r3.encryption_keys,
    });
    // The notices of the leave and the kick were written after each rotation.
    expect(page.messages.filter((m) => m.message_type === 'system').map((m) => m.key_version)).toEqual([2, 3]);
    // Stored wrapped under the master key, never as the key string.
    const rows = (await env.t.server.db.execute({ sql: 'SELECT version, wrapped_key FROM room_keys WHERE room_id = ? ORDER BY version', args: [room] })).rows;
    expect(rows.map((r) => Number(r.version))).toEqual([2, 3]);
    for (const r of rows) expect(String(r.wrapped_key)).toMatch(/^g1:/);
    expect(env.t.server.roomKeys.unwrap(String(rows[1]!.wrapped_key))).toBe(r3.encryption_key);
    // The removed members heard nothing of it.
    expect(sc.log.some((r) => r.event === 'room_key_rotated')).toBe(false);
  });

  it('the removed member cannot decrypt a message sent after removal with any key it ever received', async () => {
    const [a, b, c] = [await user(env), await user(env), await user(env)];
    const room = await createRoom(env, a, [b, c]);
    // c collects every key it can, while a member, and again after the kick.
    const kept = await everyKeyOf(c, room);
    expect(kept.length).toBeGreaterThan(0);
    await kick(a, room, c);
    expectError(await env.a.get(`/api/rooms/${room}/keys`, as(c)), 403, 'ROOM_ACCESS_DENIED');
    kept.push(...(await everyKeyOf(c, room)));

    const r = await ring(a, room);
    expect(r.key_version).toBe(2);
    const sa = await connect(env, a, [room]);
    const ack = await send(sa, { room_id: room, content: await encryptV2('after the kick', r.encryption_key!), encrypted: true, key_version: 2, client_msg_id: 'after-kick' });
    expect(ack.ok).toBe(true);
    // The ciphertext as anyone could have it (a leaked database, a member forwarding it).
    const stored = await storedMessage(ack.message_id);
    expect(Number(stored.key_version)).toBe(2);
    for (const key of new Set(kept)) await expect(decryptMessage(String(stored.content), key)).rejects.toThrow();
    // The members still read it.
    expect(await decryptMessage(String(stored.content), keyOf(await ring(b, room), 2))).toBe('after the kick');
  });

  it('refuses a text sealed with an older version (ROOM_KEY_STALE), stores nothing, and takes the same message re-sealed', async () => {
    const [a, b, c] = [await user(env), await user(env), await user(env)];
    const room = await createRoom(env, a, [b, c]);
    const old = (await ring(a, room)).encryption_key!;
    await leave(c, room);
    const current = (await ring(a, room)).encryption_key!;
    const sa = await connect(env, a, [room]);
    const count = async () => Number((await env.t.server.db.execute({ sql: 'SELECT COUNT(*) AS n FROM messages WHERE room_id = ?', args: [room] })).rows[0]!.n);
    const before = await count();

    const stale = await send(sa, { room_id: room, content: await encryptV2('raced', old), encrypted: true, key_version: 1, client_msg_id: 'race-1' });
    expect(stale).toMatchObject({ ok: false, error_code: 'ROOM_KEY_STALE' });
    // An origin client (no key_version means 1) is refused the same way in a rotated room.
    const legacy = await send(sa, { room_id: room, content: await encryptV2('legacy', old), encrypted: true, client_msg_id: 'race-2' });
    expect(legacy).toMatchObject({ ok: false, error_code: 'ROOM_KEY_STALE' });
    // A version from the future is no better.
    expect(await send(sa, { room_id: room, content: await encryptV2('x', current), encrypted: true, key_version: 9, client_msg_id: 'race-3' })).toMatchObject({
      ok: false,
      error_code: 'ROOM_KEY_STALE',
    });
    expect(await send(sa, { room_id: room, content: 'x', encrypted: true, key_version: 0 })).toMatchObject({ ok: false, error_code: 'ROOM_KEY_VERSION_INVALID' });
    expect(await count()).toBe(before);

    const resent = await send(sa, { room_id: room, content: await encryptV2('raced', current), encrypted: true, key_version: 2, client_msg_id: 'race-1' });
    expect(resent.ok).toBe(true);
    expect(Number((await storedMessage(resent.message_id)).key_version)).toBe(2);
    // Plaintext and files are stamped with the current version whatever the client says.
    const plain = await send(sa, { room_id: room, content: 'hello', encrypted: false, key_version: 1 });
    expect(Number((await storedMessage(plain.message_id)).key_version)).toBe(2);

    // Edits follow the same rule: sealed with the current version, and the message takes it.
    const stamped = await env.t.server.writer.write({ roomId: room, senderId: a.userId, content: 'x', encrypted: false, type: 'text' });
    expectError(await env.a.put(`/api/messages/${stamped.view.id}`, { content: await encryptV2('edit', old), encrypted: true, key_version: 1 }, as(a)), 409, 'ROOM_KEY_STALE');
    const edit = await sa.timeout(5000).emitWithAck('edit_message', { message_id: resent.message_id, content: await encryptV2('edited', current), key_version: 2 });
    expect(edit.ok).toBe(true);
    expect(Number((await storedMessage(resent.message_id)).key_version)).toBe(2);
  });

  it('a send racing a kick is stored under the old version only if it committed before the rotation', async () => {
    const [a, b, c] = [await user(env), await user(env), await user(env)];
    const room = await createRoom(env, a, [b, c]);
    const v1 = (await ring(b, room)).encryption_key!;
    const sb = await connect(env, b, [room]);
    const sealed = await encryptV2('racing', v1);
    const sends = Array.from({ length: 30 }, (_, i) => send(sb, { room_id: room, content: sealed, encrypted: true, key_version: 1, client_msg_id: `r${i}` }));
    const [acks] = await Promise.all([Promise.all(sends), kick(a, room, c)]);
    for (const ack of acks) expect(ack.ok || ack.error_code === 'ROOM_KEY_STALE', JSON.stringify(ack)).toBe(true);
    const rows = (await env.t.server.db.execute({ sql: 'SELECT id, key_version, message_type FROM messages WHERE room_id = ? ORDER BY id', args: [room] })).rows;
    const firstV2 = rows.find((r) => Number(r.key_version) === 2);
    expect(firstV2).toBeDefined(); // the kick's notice at least
    // No message of version 1 was committed after the rotation.
    expect(rows.filter((r) => Number(r.key_version) === 1 && Number(r.id) > Number(firstV2!.id))).toEqual([]);
    expect(acks.filter((x) => x.ok).length).toBe(rows.filter((r) => Number(r.key_version) === 1 && r.message_type === 'text').length);
  });

  it('an invitee gets the versions from their join on, and the history from then', async () => {
    const [a, b, c, e] = [await user(env), await user(env), await user(env), await user(env)];
    const room = await createRoom(env, a, [b, c]);
    const sa = await connect(env, a, [room]);
    const v1 = (await ring(a, room)).encryption_key!;
    const early = await send(sa, { room_id: room, content: await encryptV2('before the invite', v1), encrypted: true, client_msg_id: 'early' });
    await leave(c, room);
    expect((await env.a.post(`/api/rooms/${room}/members`, { user_ids: [e.userId] }, as(a))).status).toBe(200);

    const r = await ring(e, room);
    expect(r.key_version).toBe(2);
    expect(r.encryption_keys.map((k) => k.version)).toEqual([2]);
    expect(await everyKeyOf(e, room)).not.toContain(v1);
    const page = await meta(e, room);
    expect(page.encryption_key).toBe(r.encryption_key);
    expect(page.messages.map((m) => m.key_version)).toEqual(page.messages.map(() => 2));
    expect(page.messages.some((m) => m.id === early.message_id)).toBe(false);
    // The older member still has the whole history and every version.
    expect((await meta(a, room)).messages.some((m) => m.id === early.message_id)).toBe(true);
    expect((await ring(a, room)).encryption_keys.map((k) => k.version)).toEqual([1, 2]);
    // A later rotation reaches the invitee too.
    await kick(a, room, b);
    expect((await ring(e, room)).encryption_keys.map((k) => k.version)).toEqual([2, 3]);
  });
});

describe('what the database holds', () => {
  // File-only: it scans the database files, which sqld keeps in its own format and folder.
  it.skipIf(onSqld)('only ciphertext for an encrypted room: no plaintext and no room key in the database files', async () => {
    const [a, b, c] = [await user(env), await user(env), await user(env)];
    const room = await createRoom(env, a, [b, c], 'vault');
    const open = await createRoom(env, a, [b], 'open');
    const sa = await connect(env, a, [room, open]);
    const secrets = ['top-secret-alpha-7f3a9', '비밀회의록-해돋이전망대', 'edited-secret-omega-51c2'];
    let r = await ring(a, room);
    const first = await send(sa, { room_id: room, content: await encryptV2(secrets[0]!, r.encryption_key!), encrypted: true, key_version: r.key_version, client_msg_id: 's1' });
    await kick(a, room, c);
    r = await ring(a, room);
    await send(sa, { room_id: room, content: await encryptV2(secrets[1]!, r.encryption_key!), encrypted: true, key_version: r.key_version, reply_to: first.message_id, client_msg_id: 's2' });
    const edited = await sa.timeout(5000).emitWithAck('edit_message', { message_id: first.message_id, content: await encryptV2(secrets[2]!, r.encryption_key!), key_version: r.key_version });
    expect(edited.ok).toBe(true);
    // A control: a plaintext message (a room whose members chose to send in clear) is found, so the scan works.
    const control = 'plaintext-control-9d2e1';
    expect((await send(sa, { room_id: open, content: control, encrypted: false })).ok).toBe(true);
    // The list and previews never needed the plaintext either.
    const list = (await env.a.get('/api/rooms', as(b))).body as { id: number; last_message: string | null }[];
    expect(list.find((x) => x.id === room)!.last_message).toBeNull();

    await env.t.server.writer.drain();
    await env.t.server.db.execute('PRAGMA wal_checkpoint(FULL)');
    const files = fs.readdirSync(env.t.dataDir).filter((f) => f.startsWith('messenger.db'));
    expect(files).toContain('messenger.db');
    const bytes = Buffer.concat(files.map((f) => fs.readFileSync(path.join(env.t.dataDir, f))));
    expect(bytes.includes(Buffer.from(control))).toBe(true);
    for (const s of secrets) expect(bytes.includes(Buffer.from(s)), s).toBe(false);
    for (const k of r.encryption_keys) expect(bytes.includes(Buffer.from(k.key)), `key v${k.version}`).toBe(false);
    // What messages holds for the room is ciphertext only.
    const rows = (await env.t.server.db.execute({ sql: "SELECT content FROM messages WHERE room_id = ? AND message_type = 'text'", args: [room] })).rows;
    for (const row of rows) expect(String(row.content)).toMatch(/^v2:/);
  });
});
