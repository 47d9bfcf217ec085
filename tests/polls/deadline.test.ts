import { createClient } from '@libsql/client';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { api } from '../helpers/http.ts';
import { startTestServer } from '../helpers/server.ts';
import { onSqld } from '../helpers/sqld.ts';
import { connectSocket, emitAck, nextEvent } from '../helpers/socket.ts';
import { useServer } from '../helpers/suite.ts';
import { as, connect, createRoom, expectError, user, waitFor } from '../rooms/fixtures.ts';
import { closePoll, listPolls, newPoll, strict, vote } from './fixtures.ts';

// Maintenance never runs on its own here (interval 0; one pass at start): deadlines are the
// poll feature's own business.
const NO_MAINTENANCE = { env: { MAINTENANCE_INTERVAL_MINUTES: '0' } };
const env = useServer(NO_MAINTENANCE);
const basic = { question: '마감 테스트', options: ['예', '아니오'] };
const soon = (ms: number) => new Date(Date.now() + ms).toISOString();

describe('poll deadlines', () => {
  it('close the poll at its time: poll_updated (closed, naming nobody) goes out, then votes are refused', async () => {
    const [owner, b] = [await user(env), await user(env)];
    const roomId = await createRoom(env, owner, [b]);
    const sB = await connect(env, b, [roomId]);
    const endsAt = soon(1500);
    const poll = await newPoll(env, roomId, owner, { ...basic, ends_at: endsAt });
    expect((await vote(env, poll.id, b, { option_id: poll.options[0]!.id })).status).toBe(200);

    const event = strict.updated(await waitFor(sB, 'poll_updated', (p) => p.action === 'poll_closed', 10_000));
    // Not before the deadline.
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(endsAt));
    expect(event).toMatchObject({ room_id: roomId, action: 'poll_closed', poll: { id: poll.id, closed: 1 } });
    expect(event.by_user_id).toBeUndefined();
    expect(event.poll.options[0]!.vote_count).toBe(1);

    expectError(await vote(env, poll.id, b, { option_id: poll.options[1]!.id }), 400, 'POLL_CLOSED');
    expectError(await closePoll(env, poll.id, owner), 403, 'POLL_ALREADY_CLOSED');
    expect((await listPolls(env, roomId, b))[0]).toMatchObject({ closed: 1, my_votes: [poll.options[0]!.id] });
  });

  it('refuse a vote past the deadline even when nothing has closed the poll yet', async () => {
    const [owner, b] = [await user(env), await user(env)];
    const roomId = await createRoom(env, owner, [b]);
    const poll = await newPoll(env, roomId, owner, basic);
    // A deadline that passed with closed still 0 (no timer armed for it, no maintenance pass).
    await env.t.server.db.execute({ sql: 'UPDATE polls SET ends_at = ? WHERE id = ?', args: [soon(-1000), poll.id] });
    expectError(await vote(env, poll.id, b, { option_id: poll.options[0]!.id }), 400, 'POLL_EXPIRED');
    // Every answer already reads it as closed, and closing it by hand is moot.
    expect((await listPolls(env, roomId, b))[0]).toMatchObject({ id: poll.id, closed: 1, total_voters: 0 });
    expectError(await closePoll(env, poll.id, owner), 403, 'POLL_ALREADY_CLOSED');
  });

  it('keep the earliest deadline first when a later one was created before it', async () => {
    const [owner, b] = [await user(env), await user(env)];
    const roomId = await createRoom(env, owner, [b]);
    const sB = await connect(env, b, [roomId]);
    const late = await newPoll(env, roomId, owner, { ...basic, ends_at: soon(60 * 60_000) });
    const early = await newPoll(env, roomId, owner, { ...basic, ends_at: soon(1000) });
    const event = await waitFor(sB, 'poll_updated', (p) => p.action === 'poll_closed', 10_000);
    expect(event.poll.id).toBe(early.id);
    const listed = await listPolls(env, roomId, b);
    expect(listed.find((p) => p.id === late.id)!.closed).toBe(0);
  });

  // File-only: it writes the file database while the server (and with DB_BACKEND=sqld, its sqld) is down.
  it.skipIf(onSqld)('are re-armed from the database when the server starts', async () => {
    const first = await startTestServer({ ...NO_MAINTENANCE, keepData: true });
    const firstSuite = { t: first, a: api(first.url), track: <T>(x: T) => x };
    const [owner, b] = [await user(firstSuite), await user(firstSuite)];
    const roomId = await createRoom(firstSuite, owner, [b]);
    await first.close();

    // While the server is down: one poll whose deadline has passed, one that ends soon.
    const db = createClient({ url: `file:${path.join(first.dataDir, 'messenger.db')}` });
    const insert = (endsAt: string) =>
      db.execute({ sql: "INSERT INTO polls (room_id, created_by, question, ends_at) VALUES (?, ?, 'q', ?) RETURNING id", args: [roomId, owner.userId, endsAt] });
    const past = Number((await insert(soon(-60_000))).rows[0]!.id);
    const endsAt = soon(2000);
    const pending = Number((await insert(endsAt)).rows[0]!.id);
    db.close();

    // Not keepData: the folder goes when this server closes.
    const second = await startTestServer({ ...NO_MAINTENANCE, dataDir: first.dataDir });
    try {
      const socket = await connectSocket(second.url, b.accessToken);
      try {
        expect((await emitAck(socket, 'subscribe_rooms', { room_ids: [roomId] })).ok).toBe(true);
        const polls = await api(second.url).get(`/api/rooms/${roomId}/polls`, as(b));
        expect(polls.body.map((p: any) => [p.id, p.closed])).toEqual([
          [pending, 0],
          [past, 1],
        ]);
        const event = await nextEvent(socket, 'poll_updated', (p: any) => p.poll.id === pending, 10_000);
        expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(endsAt));
        expect(event).toMatchObject({ action: 'poll_closed', poll: { closed: 1 } });
      } finally {
        socket.disconnect();
      }
    } finally {
      await second.close();
    }
  });
});
