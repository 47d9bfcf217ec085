import { describe, expect, it } from 'vitest';
import { isEncryptedContent } from '../../protocol/crypto/index.ts';
import { t } from '../../client/src/i18n/index.ts';
import { api } from '../helpers/http.ts';
import { useServer } from '../helpers/suite.ts';
import { createRoom, newUser, startClient, until } from './harness.ts';

const env = useServer();

const stored = async (id: number) =>
  (await env.t.server.db.execute({ sql: 'SELECT content, encrypted FROM messages WHERE id = ?', args: [id] })).rows[0] as unknown as { content: string; encrypted: number };

describe('MessageActions', () => {
  it('edits (sealed like a new message), reacts and deletes; the other member follows live', async () => {
    const [a, b] = [await newUser(env.t), await newUser(env.t)];
    const room = await createRoom(env.t, a, [b]);
    const ca = env.track(await startClient(env.t, a));
    const cb = env.track(await startClient(env.t, b));
    await Promise.all([ca.services.chat.whenLoaded(room), cb.services.chat.whenLoaded(room)]);
    await ca.services.sender.send(room, '첫 문장');
    const bTl = cb.services.chat.open(room);
    await until(() => expect(bTl.items.value.at(-1)?.text).toBe('첫 문장'));
    const id = bTl.items.value.at(-1)!.id!;

    await ca.services.actions.edit(room, id, '고친 문장');
    // The room has a key: the edit is stored as ciphertext, never the plaintext.
    const row = await stored(id);
    expect(row.encrypted).toBe(1);
    expect(isEncryptedContent(row.content)).toBe(true);
    expect(row.content).not.toContain('고친');
    await until(() => expect(bTl.get(id)).toMatchObject({ text: '고친 문장', editedAt: expect.any(String) }));
    expect(ca.services.chat.open(room).get(id)!.text).toBe('고친 문장');
    expect(bTl.get(id)!.mentionsMe).toBeUndefined();

    // An edit that names B mentions B (highlighted on B's side); one that drops the name, no one.
    await ca.services.actions.edit(room, id, `@${b.nickname} 봐 주세요`, [b.userId]);
    await until(() => expect(bTl.get(id)).toMatchObject({ text: `@${b.nickname} 봐 주세요`, mentionsMe: true, mentioned: expect.arrayContaining([{ name: `@${b.nickname}`, me: true }]) }));
    await ca.services.actions.edit(room, id, '고친 문장', []);
    await until(() => expect(bTl.get(id)).toMatchObject({ text: '고친 문장', mentionsMe: undefined, mentioned: undefined }));

    await cb.services.actions.react(room, id, '👍');
    expect(bTl.get(id)!.reactions).toEqual([{ emoji: '👍', count: 1, user_ids: [b.userId] }]);
    await until(() => expect(ca.services.chat.open(room).get(id)!.reactions).toEqual([{ emoji: '👍', count: 1, user_ids: [b.userId] }]));
    await cb.services.actions.react(room, id, '👍');
    expect(bTl.get(id)!.reactions).toEqual([]);

    // Not mine: refused with the server's code, nothing changes.
    await expect(cb.services.actions.remove(id)).rejects.toMatchObject({ code: 'MESSAGE_DELETE_FORBIDDEN' });
    await ca.services.actions.remove(id);
    await until(() => expect(bTl.get(id)).toMatchObject({ deleted: true, text: t('chat.deleted') }));
  });
});

describe('PinsStore', () => {
  it('loads on first ask, follows pin_updated, decrypts a pinned message, creates and removes', async () => {
    const [a, b] = [await newUser(env.t), await newUser(env.t)];
    const room = await createRoom(env.t, a, [b]);
    const ca = env.track(await startClient(env.t, a));
    const cb = env.track(await startClient(env.t, b));
    await cb.services.chat.whenLoaded(room);
    await cb.services.sender.send(room, '암호화된 공지 후보');
    const bTl = cb.services.chat.open(room);
    await until(() => expect(bTl.items.value.at(-1)?.id).not.toBeNull());
    const messageId = bTl.items.value.at(-1)!.id!;
    expect(isEncryptedContent((await stored(messageId)).content)).toBe(true);

    const pins = ca.services.pins.of(room);
    expect(ca.services.pins.of(room)).toBe(pins);
    await until(() => expect(pins.value).toEqual([]));

    // B pins its message over REST: A's list follows the event, with the text decrypted here.
    const res = await api(env.t.url).post(`/api/rooms/${room}/pins`, { message_id: messageId }, { token: b.accessToken });
    expect(res.status).toBe(200);
    await until(() => expect(pins.value).toMatchObject([{ id: res.body.pin_id, messageId, text: '암호화된 공지 후보', byName: b.nickname }]));

    await ca.services.pins.create(room, { text: '자유 공지' });
    expect(pins.value!.map((p) => p.text)).toEqual(['자유 공지', '암호화된 공지 후보']);
    expect(pins.value![0]!.messageId).toBeNull();
    await ca.services.pins.remove(room, pins.value![0]!.id);
    expect(pins.value!.map((p) => p.id)).toEqual([res.body.pin_id]);
  });
});
