import { describe, expect, it } from 'vitest';
import { newMessageEventSchema } from '../../protocol/events/server.ts';
import { messagesResponseSchema } from '../../protocol/rest/messages.ts';
import { roomListResponseSchema } from '../../protocol/rest/rooms.ts';
import type { SystemPayload } from '../../protocol/rest/system-payload.ts';
import { cutPreview } from '../../protocol/preview.ts';
import { systemText } from '../../protocol/system-text.ts';
import { useServer } from '../helpers/suite.ts';
import { type Client, type User, as, connect, createRoom, user, waitFor } from './fixtures.ts';

/** Structured system messages: each notice keeps the origin's Korean `content` and carries its
 * payload (`system`) on every path a message travels: the row, new_message, history, the list. */

const env = useServer();

const party = (u: User) => ({ id: u.userId, nickname: u.nickname });

/** The stored row, as origin clients would read it. */
async function storedRow(messageId: number) {
  const rs = await env.t.server.db.execute({ sql: 'SELECT content, encrypted, message_type, system_payload FROM messages WHERE id = ?', args: [messageId] });
  const r = rs.rows[0]!;
  return { content: r.content, encrypted: Number(r.encrypted), message_type: r.message_type, system: r.system_payload == null ? null : JSON.parse(String(r.system_payload)) };
}

const history = async (u: User, roomId: number) => {
  const res = await env.a.get(`/api/rooms/${roomId}/messages`, as(u));
  expect(res.status).toBe(200);
  return messagesResponseSchema.parse(res.body).messages;
};
const listEntry = async (u: User, roomId: number, lang: 'ko' | 'en') => {
  const res = await env.a.get(`/api/rooms?lang=${lang}`, as(u));
  expect(res.status).toBe(200);
  return roomListResponseSchema.parse(res.body).find((r) => r.id === roomId)!;
};
const systemNotice = (s: Client, roomId: number) => waitFor(s, 'new_message', (p) => p.room_id === roomId && p.message_type === 'system');

/** Checks one notice everywhere: the stored row (origin Korean content, payload beside it),
 * the new_message a member heard, the history page and the room list in both languages. */
async function expectNotice(reader: User, heard: Client, roomId: number, content: string, payload: SystemPayload) {
  const event = newMessageEventSchema.parse(await systemNotice(heard, roomId));
  expect(event).toMatchObject({ content, encrypted: 0, message_type: 'system', sender_id: payload.actor.id });
  expect(event.system).toEqual(payload);
  expect(await storedRow(event.id)).toEqual({ content, encrypted: 0, message_type: 'system', system: payload });

  const page = await history(reader, roomId);
  expect(page.find((m) => m.id === event.id)).toMatchObject({ content, system: payload });

  const ko = await listEntry(reader, roomId, 'ko');
  expect(ko).toMatchObject({ last_message: content, last_message_type: 'system', last_message_system: payload, last_message_preview: cutPreview(content) });
  const en = await listEntry(reader, roomId, 'en');
  expect(en.last_message_system).toEqual(payload);
  expect(en.last_message_preview).toBe(cutPreview(systemText(payload, 'en')!));
  expect(en.last_message).toBe(content); // the origin field keeps the stored text
  return event;
}

describe('system notices carry a payload beside the origin Korean text', () => {
  it('rename', async () => {
    const [owner, peer] = [await user(env), await user(env)];
    const roomId = await createRoom(env, owner, [peer, await user(env)], 'before');
    const s = await connect(env, peer, [roomId]);
    expect((await env.a.put(`/api/rooms/${roomId}/name`, { name: '주간 회의' }, as(owner))).status).toBe(200);
    await expectNotice(peer, s, roomId, `${owner.nickname}님이 대화방 이름을 '주간 회의'(으)로 변경했습니다.`, {
      kind: 'renamed',
      actor: party(owner),
      targets: [],
      name: '주간 회의',
    });
  });

  it('invite (one notice naming every invitee, in order)', async () => {
    const [a, b, c, d] = [await user(env), await user(env), await user(env), await user(env)];
    const roomId = await createRoom(env, a, [b, await user(env)]);
    const s = await connect(env, b, [roomId]);
    expect((await env.a.post(`/api/rooms/${roomId}/members`, { user_ids: [c.userId, d.userId] }, as(a))).status).toBe(200);
    await expectNotice(b, s, roomId, `${a.nickname}님이 ${c.nickname}, ${d.nickname}님을 초대했습니다.`, {
      kind: 'invited',
      actor: party(a),
      targets: [party(c), party(d)],
    });
  });

  it('leave', async () => {
    const [a, b, c] = [await user(env), await user(env), await user(env)];
    const roomId = await createRoom(env, a, [b, c]);
    const s = await connect(env, a, [roomId]);
    expect((await env.a.post(`/api/rooms/${roomId}/leave`, undefined, as(c))).status).toBe(200);
    await expectNotice(a, s, roomId, `${c.nickname}님이 나갔습니다.`, { kind: 'left', actor: party(c), targets: [] });
  });

  it('kick', async () => {
    const [admin, b, target] = [await user(env), await user(env), await user(env)];
    const roomId = await createRoom(env, admin, [b, target]);
    const s = await connect(env, b, [roomId]);
    expect((await env.a.del(`/api/rooms/${roomId}/members/${target.userId}`, undefined, as(admin))).status).toBe(200);
    await expectNotice(b, s, roomId, `${admin.nickname}님이 ${target.nickname}님을 내보냈습니다.`, {
      kind: 'kicked',
      actor: party(admin),
      targets: [party(target)],
    });
  });

  it('keeps the nicknames of the moment after a rename of the people it names', async () => {
    const [a, b, c] = [await user(env), await user(env), await user(env)];
    const roomId = await createRoom(env, a, [b, c]);
    const s = await connect(env, a, [roomId]);
    await env.a.post(`/api/rooms/${roomId}/leave`, undefined, as(c));
    const event = await systemNotice(s, roomId);
    expect((await env.a.put('/api/profile', { nickname: 'Renamed later' }, as(c))).status).toBe(200);
    const stored = (await history(a, roomId)).find((m) => m.id === event.id)!;
    expect(stored.system).toEqual({ kind: 'left', actor: party(c), targets: [] });
    expect(stored.content).toBe(`${c.nickname}님이 나갔습니다.`);
  });

  it('reads an older system row without a payload by its text alone, everywhere', async () => {
    const [a, b] = [await user(env), await user(env)];
    const roomId = await createRoom(env, a, [b, await user(env)]);
    const content = `${b.nickname}님이 나갔습니다.`;
    // As a database from before payloads holds it: no system_payload.
    const rs = await env.t.server.db.execute({
      sql: "INSERT INTO messages (room_id, sender_id, content, encrypted, message_type, created_at) VALUES (?, ?, ?, 0, 'system', ?) RETURNING id",
      args: [roomId, b.userId, content, new Date().toISOString()],
    });
    const id = Number(rs.rows[0]!.id);
    expect((await history(a, roomId)).find((m) => m.id === id)).toMatchObject({ content, message_type: 'system', system: null });
    for (const lang of ['ko', 'en'] as const) {
      expect(await listEntry(a, roomId, lang)).toMatchObject({ last_message_type: 'system', last_message_system: null, last_message_preview: cutPreview(content) });
    }
  });

  it('shows an unreadable stored payload as no payload (the text stays)', async () => {
    const [a, b] = [await user(env), await user(env)];
    const roomId = await createRoom(env, a, [b, await user(env)]);
    const rs = await env.t.server.db.execute({
      sql: "INSERT INTO messages (room_id, sender_id, content, encrypted, message_type, created_at, system_payload) VALUES (?, ?, '안내', 0, 'system', ?, ?) RETURNING id",
      args: [roomId, a.userId, new Date().toISOString(), '{"kind":"left","actor":{"id":"x"}'],
    });
    const id = Number(rs.rows[0]!.id);
    expect((await history(a, roomId)).find((m) => m.id === id)).toMatchObject({ content: '안내', system: null });
    expect(await listEntry(a, roomId, 'en')).toMatchObject({ last_message_system: null, last_message_preview: '안내' });
  });

  it('ordinary messages carry system: null', async () => {
    const [a, b] = [await user(env), await user(env)];
    const roomId = await createRoom(env, a, [b]);
    const s = await connect(env, a, [roomId]);
    const ack = await s.timeout(5000).emitWithAck('send_message', { room_id: roomId, content: 'hi', encrypted: false });
    const event = await waitFor(s, 'new_message', (p) => p.id === ack.message_id);
    expect(event.system).toBeNull();
    expect((await history(a, roomId)).at(-1)!.system).toBeNull();
    expect((await listEntry(a, roomId, 'en')).last_message_system).toBeNull();
  });
});
