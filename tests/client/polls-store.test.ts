import { describe, expect, it } from 'vitest';
import { api } from '../helpers/http.ts';
import { useServer } from '../helpers/suite.ts';
import { createRoom, newUser, startClient, until } from './harness.ts';

const env = useServer();

describe('PollsStore', () => {
  it('loads a room on first ask, creates, votes, and follows the others live without losing my votes', async () => {
    const [a, b] = [await newUser(env.t), await newUser(env.t)];
    const roomId = await createRoom(env.t, a, [b]);
    const { services } = env.track(await startClient(env.t, a));
    const polls = services.polls;
    const list = polls.of(roomId);
    expect(polls.of(roomId)).toBe(list);
    await until(() => expect(list.value).toEqual([]));

    const created = await polls.create(roomId, { question: 'Q?', options: ['one', 'two'], multiple_choice: true, anonymous: false, ends_at: null });
    expect(list.value!.map((p) => p.id)).toEqual([created.id]);
    const [one, two] = created.options.map((o) => o.id);
    await polls.vote(created.id, [one!, two!]);
    expect(list.value![0]!.my_votes).toEqual([one, two]);

    // B votes: the event brings counts, my votes stay mine.
    const bApi = api(env.t.url);
    await bApi.post(`/api/polls/${created.id}/vote`, { option_id: two }, { token: b.accessToken });
    await until(() => expect(list.value![0]!.options.map((o) => o.vote_count)).toEqual([1, 2]));
    expect(list.value![0]!.my_votes).toEqual([one, two]);
    expect(list.value![0]!.total_voters).toBe(2);

    // B creates another: it arrives first in the list (newest first).
    const other = await bApi.post(`/api/rooms/${roomId}/polls`, { question: 'Next?', options: ['x', 'y'] }, { token: b.accessToken });
    await until(() => expect(list.value!.map((p) => p.id)).toEqual([other.body.poll.id, created.id]));

    // B closes theirs; I close mine.
    await bApi.post(`/api/polls/${other.body.poll.id}/close`, undefined, { token: b.accessToken });
    await until(() => expect(list.value![0]!.closed).toBe(1));
    await polls.close(created.id);
    expect(list.value![1]!.closed).toBe(1);
  });

  it('keeps a close when an older snapshot arrives after it, and ignores rooms no view asked for', async () => {
    const [a, b] = [await newUser(env.t), await newUser(env.t)];
    const roomId = await createRoom(env.t, a, [b]);
    // Another pair: two people share one direct room.
    const unasked = await createRoom(env.t, a, [await newUser(env.t)]);
    expect(unasked).not.toBe(roomId);
    const { services } = env.track(await startClient(env.t, a));
    const polls = services.polls;
    const list = polls.of(roomId);
    await until(() => expect(list.value).toEqual([]));
    const poll = await polls.create(roomId, { question: 'Q', options: ['1', '2'], multiple_choice: false, anonymous: true, ends_at: null });
    await polls.close(poll.id);
    const { my_votes: _, ...snapshot } = poll;
    polls.applyUpdated({ room_id: roomId, poll: { ...snapshot, closed: 0 }, action: 'poll_voted' });
    expect(list.value![0]!.closed).toBe(1);

    polls.applyCreated({ room_id: unasked, poll: { ...snapshot, id: poll.id + 100, room_id: unasked }, action: 'poll_created', by_user_id: b.userId });
    expect(list.value!.map((p) => p.id)).toEqual([poll.id]);
  });

  it("keeps a poll announced while the room's list was still loading", async () => {
    const [a, b] = [await newUser(env.t), await newUser(env.t)];
    const roomId = await createRoom(env.t, a, [b]);
    const { services } = env.track(await startClient(env.t, a));
    const polls = services.polls;
    const created = await api(env.t.url).post(`/api/rooms/${roomId}/polls`, { question: 'Early?', options: ['a', 'b'] }, { token: b.accessToken });
    const early = created.body.poll;
    const list = polls.of(roomId);
    // In the same tick, before the list's answer: an announcement the answer will not contain.
    polls.applyCreated({ room_id: roomId, poll: { ...early, id: early.id + 1000 }, action: 'poll_created', by_user_id: b.userId });
    expect(list.value).toBeNull();
    await until(() => expect(list.value?.map((p) => p.id)).toEqual([early.id + 1000, early.id]));
  });
});
