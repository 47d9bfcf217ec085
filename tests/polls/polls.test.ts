import { describe, expect, it } from 'vitest';
import { useServer } from '../helpers/suite.ts';
import { type User, as, barrier, connect, createRoom, events, expectError, user, waitFor } from '../rooms/fixtures.ts';
import { closePoll, createPoll, listPolls, newPoll, strict, vote } from './fixtures.ts';

const env = useServer();

/** A group of three (owner is the room admin) and an outsider. */
async function group() {
  const [owner, b, c, outsider] = [await user(env), await user(env), await user(env), await user(env)];
  return { owner, b, c, outsider, roomId: await createRoom(env, owner, [b, c], 'polls') };
}
const basic = { question: '점심 메뉴?', options: ['국밥', '파스타', '샐러드'] };
const counts = (p: { options: Array<{ vote_count: number }> }) => p.options.map((o) => o.vote_count);

describe('poll access', () => {
  it('answers 401 to anonymous callers, 403 ACCESS_DENIED to non-members, 200 to members, on every route', async () => {
    const { owner, b, outsider, roomId } = await group();
    const poll = await newPoll(env, roomId, owner, basic);
    const option = poll.options[0]!.id;

    for (const res of [
      await env.a.get(`/api/rooms/${roomId}/polls`),
      await env.a.post(`/api/rooms/${roomId}/polls`, basic),
      await env.a.post(`/api/polls/${poll.id}/vote`, { option_id: option }),
      await env.a.post(`/api/polls/${poll.id}/close`),
    ]) {
      expect(res.status).toBe(401);
      expect(typeof res.body.error_code).toBe('string');
      expect(typeof res.body.error).toBe('string');
    }

    expectError(await env.a.get(`/api/rooms/${roomId}/polls`, as(outsider)), 403, 'ACCESS_DENIED');
    expectError(await createPoll(env, roomId, outsider, basic), 403, 'ACCESS_DENIED');
    expectError(await vote(env, poll.id, outsider, { option_id: option }), 403, 'ACCESS_DENIED');
    expectError(await closePoll(env, poll.id, outsider), 403, 'ACCESS_DENIED');
    // The outsider's refused calls changed nothing.
    const [seen] = await listPolls(env, roomId, b);
    expect(seen!.total_voters).toBe(0);
    expect(seen!.closed).toBe(0);
    expect(await listPolls(env, roomId, b)).toHaveLength(1);

    expect((await vote(env, poll.id, b, { option_id: option })).status).toBe(200);
    expect((await closePoll(env, poll.id, owner)).status).toBe(200);
    expect((await createPoll(env, roomId, b, basic)).status).toBe(200);
  });

  it('answers 404 for an unknown or malformed poll and room', async () => {
    const { owner } = await group();
    expectError(await vote(env, 999_999, owner, { option_id: 1 }), 404, 'POLL_NOT_FOUND');
    expectError(await env.a.post('/api/polls/abc/vote', { option_id: 1 }, as(owner)), 404, 'POLL_NOT_FOUND');
    expectError(await closePoll(env, 999_999, owner), 404, 'POLL_NOT_FOUND');
    expectError(await env.a.get('/api/rooms/x1/polls', as(owner)), 404, 'ROOM_NOT_FOUND');
  });
});

describe('creating a poll', () => {
  it('answers the poll with 0/1 flags and a UTC deadline, and tells the room (only)', async () => {
    const { owner, b, outsider, roomId } = await group();
    const [sB, sOut] = [await connect(env, b, [roomId]), await connect(env, outsider)];
    // A deadline given in KST is stored and answered as the same instant in UTC.
    const at = new Date(Date.now() + 3_600_000);
    const kst = new Date(at.getTime() + 9 * 3_600_000).toISOString().replace(/\.\d+Z$/, '+09:00');
    const poll = await newPoll(env, roomId, owner, { ...basic, multiple_choice: true, ends_at: kst });
    expect(poll).toMatchObject({
      room_id: roomId,
      created_by: owner.userId,
      creator_name: owner.nickname,
      question: '점심 메뉴?',
      multiple_choice: 1,
      anonymous: 0,
      closed: 0,
      ends_at: new Date(Math.floor(at.getTime() / 1000) * 1000).toISOString(),
      total_voters: 0,
    });
    expect(poll.options.map((o) => [o.option_text, o.vote_count])).toEqual([
      ['국밥', 0],
      ['파스타', 0],
      ['샐러드', 0],
    ]);

    const event = strict.created(await waitFor(sB, 'poll_created'));
    expect(event).toEqual({ room_id: roomId, poll, action: 'poll_created', by_user_id: owner.userId });
    await barrier(env, outsider, sOut);
    expect(events(sOut, 'poll_created')).toEqual([]);

    const listed = await listPolls(env, roomId, b);
    expect(listed).toEqual([{ ...poll, my_votes: [] }]);
  });

  it('keeps texts exactly as given (no HTML escaping) and lists newest first', async () => {
    const { owner, roomId } = await group();
    const first = await newPoll(env, roomId, owner, { question: '<b>A & B</b>?', options: ['"x"', "<img src=x onerror='1'>"] });
    expect(first.question).toBe('<b>A & B</b>?');
    expect(first.options.map((o) => o.option_text)).toEqual(['"x"', "<img src=x onerror='1'>"]);
    const second = await newPoll(env, roomId, owner, basic);
    expect((await listPolls(env, roomId, owner)).map((p) => p.id)).toEqual([second.id, first.id]);
  });

  it('refuses 1 or 11+ options (never truncates) and other bad input, storing nothing', async () => {
    const { owner, roomId } = await group();
    const options = (n: number) => Array.from({ length: n }, (_, i) => `옵션 ${i + 1}`);
    expectError(await createPoll(env, roomId, owner, { question: 'q', options: options(1) }), 400, 'POLL_OPTIONS_TOO_FEW');
    expectError(await createPoll(env, roomId, owner, { question: 'q', options: options(11) }), 400, 'POLL_OPTIONS_TOO_MANY');
    expectError(await createPoll(env, roomId, owner, { question: 'q', options: options(30) }), 400, 'POLL_OPTIONS_TOO_MANY');
    expectError(await createPoll(env, roomId, owner, { question: 'q' }), 400, 'POLL_OPTIONS_TOO_FEW');
    expectError(await createPoll(env, roomId, owner, { question: 'q', options: ['a', ' '] }), 400, 'POLL_OPTION_TEXT_INVALID');
    expectError(await createPoll(env, roomId, owner, { question: ' ', options: ['a', 'b'] }), 400, 'POLL_QUESTION_REQUIRED');
    expectError(await createPoll(env, roomId, owner, { ...basic, anonymous: 1 }), 400, 'POLL_FLAG_NOT_BOOLEAN');
    expectError(await createPoll(env, roomId, owner, { ...basic, ends_at: '2020-01-01T00:00:00Z' }), 400, 'POLL_ENDS_AT_PAST');
    expectError(await createPoll(env, roomId, owner, { ...basic, ends_at: '2099-01-01T00:00:00' }), 400, 'POLL_ENDS_AT_INVALID');
    expect(await listPolls(env, roomId, owner)).toEqual([]);

    const ten = await newPoll(env, roomId, owner, { question: 'q', options: options(10) });
    expect(ten.options.map((o) => o.option_text)).toEqual(options(10));
  });
});

describe('voting', () => {
  it('single choice: one option, a re-vote replaces it; counts and my_votes per caller', async () => {
    const { owner, b, c, roomId } = await group();
    const poll = await newPoll(env, roomId, owner, basic);
    const [o1, o2, o3] = poll.options.map((o) => o.id);

    const first = await vote(env, poll.id, b, { option_id: o1 });
    expect(first.status).toBe(200);
    expect(strict.myPoll(first.body.poll)).toMatchObject({ my_votes: [o1], total_voters: 1 });
    expect(counts(first.body.poll)).toEqual([1, 0, 0]);

    const again = await vote(env, poll.id, b, { option_ids: [o2] });
    expect(again.body.poll.my_votes).toEqual([o2]);
    expect(counts(again.body.poll)).toEqual([0, 1, 0]);

    expectError(await vote(env, poll.id, c, { option_ids: [o1, o3] }), 400, 'POLL_SINGLE_CHOICE');
    expectError(await vote(env, poll.id, c, {}), 400, 'POLL_OPTION_REQUIRED');
    expect((await vote(env, poll.id, c, { option_id: o2 })).status).toBe(200);

    const [forB] = await listPolls(env, roomId, b);
    const [forOwner] = await listPolls(env, roomId, owner);
    expect(forB).toMatchObject({ my_votes: [o2], total_voters: 2 });
    expect(counts(forB!)).toEqual([0, 2, 0]);
    expect(forOwner!.my_votes).toEqual([]);
  });

  it('multiple choice: the vote is a set that replaces the previous set', async () => {
    const { owner, b, c, roomId } = await group();
    const poll = await newPoll(env, roomId, owner, { ...basic, multiple_choice: true });
    const [o1, o2, o3] = poll.options.map((o) => o.id);
    expect((await vote(env, poll.id, b, { option_ids: [o1, o2, o1] })).body.poll.my_votes).toEqual([o1, o2]);
    const replaced = await vote(env, poll.id, b, { option_ids: [o3, o2] });
    expect(replaced.body.poll.my_votes).toEqual([o2, o3]);
    expect(counts(replaced.body.poll)).toEqual([0, 1, 1]);
    await vote(env, poll.id, c, { option_ids: [o1, o2, o3] });
    const [listed] = await listPolls(env, roomId, owner);
    expect(counts(listed!)).toEqual([1, 2, 2]);
    expect(listed!.total_voters).toBe(2);
  });

  it("refuses another poll's option, keeping the previous vote", async () => {
    const { owner, b, roomId } = await group();
    const poll = await newPoll(env, roomId, owner, { ...basic, multiple_choice: true });
    const other = await newPoll(env, roomId, owner, basic);
    await vote(env, poll.id, b, { option_id: poll.options[0]!.id });
    expectError(await vote(env, poll.id, b, { option_ids: [poll.options[1]!.id, other.options[0]!.id] }), 400, 'POLL_OPTION_INVALID');
    const listed = (await listPolls(env, roomId, b)).find((p) => p.id === poll.id)!;
    expect(listed.my_votes).toEqual([poll.options[0]!.id]);
  });

  it('tells the room with poll_updated: counts, the voter named on a public poll, never my_votes', async () => {
    const { owner, b, roomId } = await group();
    const sOwner = await connect(env, owner, [roomId]);
    const poll = await newPoll(env, roomId, owner, basic);
    await vote(env, poll.id, b, { option_id: poll.options[1]!.id });
    const event = strict.updated(await waitFor(sOwner, 'poll_updated'));
    expect(event.action).toBe('poll_voted');
    expect(event.by_user_id).toBe(b.userId);
    expect(counts(event.poll)).toEqual([0, 1, 0]);
    expect('my_votes' in event.poll).toBe(false);
  });
});

describe('closing', () => {
  it('lets the creator or a room admin close, nobody else; closed polls take no votes', async () => {
    const { owner, b, c, roomId } = await group();
    const sC = await connect(env, c, [roomId]);
    const byB = await newPoll(env, roomId, b, basic);
    const byB2 = await newPoll(env, roomId, b, basic);

    expectError(await closePoll(env, byB.id, c), 403, 'POLL_CLOSE_FORBIDDEN');
    // The room admin closes a member's poll.
    expect((await closePoll(env, byB.id, owner)).body).toEqual({ success: true });
    const event = strict.updated(await waitFor(sC, 'poll_updated', (p) => p.poll.id === byB.id));
    expect(event).toMatchObject({ action: 'poll_closed', by_user_id: owner.userId, poll: { closed: 1 } });
    expectError(await closePoll(env, byB.id, b), 403, 'POLL_ALREADY_CLOSED');
    expectError(await vote(env, byB.id, c, { option_id: byB.options[0]!.id }), 400, 'POLL_CLOSED');

    // The creator closes their own.
    expect((await closePoll(env, byB2.id, b)).status).toBe(200);
    const listed = await listPolls(env, roomId, c);
    expect(listed.map((p) => p.closed)).toEqual([1, 1]);
  });
});

describe('anonymous polls', () => {
  it('never reveal a voter: create answer, list, vote answer, poll_created, poll_updated (vote and close)', async () => {
    const { owner, b, c, roomId } = await group();
    const [sOwner, sC] = [await connect(env, owner, [roomId]), await connect(env, c, [roomId])];
    const poll = await newPoll(env, roomId, owner, { ...basic, anonymous: true, multiple_choice: true });
    expect(poll.anonymous).toBe(1);
    strict.created(await waitFor(sC, 'poll_created'));

    const answer = await vote(env, poll.id, b, { option_ids: [poll.options[0]!.id, poll.options[2]!.id] });
    expect(answer.status).toBe(200);
    // The voter sees their own choice, and nothing about anyone else.
    expect(strict.myPoll(answer.body.poll).my_votes).toEqual([poll.options[0]!.id, poll.options[2]!.id]);

    for (const s of [sOwner, sC]) {
      const event = strict.updated(await waitFor(s, 'poll_updated', (p) => p.action === 'poll_voted'));
      expect(Object.keys(event).sort()).toEqual(['action', 'poll', 'room_id']);
      expect(counts(event.poll)).toEqual([1, 0, 1]);
    }
    // Others see the counts only.
    for (const u of [owner, c]) {
      const [listed] = await listPolls(env, roomId, u as User);
      expect(listed!.my_votes).toEqual([]);
      expect(listed!.total_voters).toBe(1);
    }

    await closePoll(env, poll.id, owner);
    const closed = strict.updated(await waitFor(sC, 'poll_updated', (p) => p.action === 'poll_closed'));
    expect(closed.by_user_id).toBe(owner.userId);
    expect(closed.poll.closed).toBe(1);
    // Every poll payload received was strictly parsed above: nothing beyond the contract's keys.
    for (const e of events(sC, 'poll_updated')) strict.updated(e);
  });
});

describe('account deletion', () => {
  it("hands the deleted user's polls to a remaining member", async () => {
    const { owner, b, roomId } = await group();
    const poll = await newPoll(env, roomId, b, basic);
    expect((await env.a.del('/api/me', { password: 'Password123!' }, as(b))).status).toBe(200);
    const [listed] = await listPolls(env, roomId, owner);
    expect(listed!.id).toBe(poll.id);
    expect(listed!.created_by).toBe(owner.userId);
  });
});
