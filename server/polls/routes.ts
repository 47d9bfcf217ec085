import { Hono } from 'hono';
import type { ErrorCode } from '../../protocol/errors/index.ts';
import type { Auth } from '../auth/access.ts';
import { ApiError, failureAs } from '../http/api-error.ts';
import type { AppEnv } from '../http/env.ts';
import { type Ctx, pathId, route } from '../http/route.ts';
import type { Logger } from '../logger.ts';
import type { RoomAccess } from '../members/access.ts';
import type { Membership } from '../members/membership.ts';
import type { Broadcast } from '../realtime/broadcast.ts';
import type { PollDeadlines } from './deadlines.ts';
import type { CloseResult, PollRepo, VoteResult } from './repo.ts';

export interface PollRouteDeps {
  polls: PollRepo;
  access: RoomAccess;
  membership: Membership;
  broadcast: Broadcast;
  deadlines: PollDeadlines;
  logger: Logger;
}

const voteErrors: Record<Exclude<VoteResult, 'ok'>, ErrorCode> = {
  not_found: 'POLL_NOT_FOUND',
  not_member: 'ACCESS_DENIED',
  closed: 'POLL_CLOSED',
  expired: 'POLL_EXPIRED',
  invalid_option: 'POLL_OPTION_INVALID',
  single_choice: 'POLL_SINGLE_CHOICE',
};

const closeErrors: Record<Exclude<CloseResult, 'ok'>, ErrorCode> = {
  not_found: 'POLL_NOT_FOUND',
  not_member: 'ACCESS_DENIED',
  already_closed: 'POLL_ALREADY_CLOSED',
  forbidden: 'POLL_CLOSE_FORBIDDEN',
};

/** Polls over REST; every change goes to the room as poll_created / poll_updated. Events carry no
 * caller's votes, and a vote on an anonymous poll names nobody (the origin sent the voter's id
 * and choices to the whole room). Non-members get the origin's wording, ACCESS_DENIED. */
export function pollRoutes(deps: PollRouteDeps): Hono<AppEnv> {
  const { polls, access, broadcast } = deps;
  const app = new Hono<AppEnv>();

  /** The poll of `:id` for a member of its room: 404 for a malformed or unknown id, then 403. */
  async function pollFor(c: Ctx, auth: Auth): Promise<number> {
    const id = pathId(c.req.param('id'));
    const roomId = id === null ? null : await polls.roomOf(id);
    if (id === null || roomId === null) throw new ApiError('POLL_NOT_FOUND');
    if (!(await deps.membership.isMember(auth.userId, roomId))) throw new ApiError('ACCESS_DENIED');
    return id;
  }

  const orFail = failureAs(deps.logger, 'poll');

  route(app, 'GET /api/rooms/:id/polls', async (c, { auth }) => polls.list(await access.member(c, auth, 'ACCESS_DENIED'), auth.userId));

  route(app, 'POST /api/rooms/:id/polls', async (c, { auth, body }) => {
    const roomId = await access.member(c, auth, 'ACCESS_DENIED');
    const request = await body();
    const id = await orFail(c, 'POLL_CREATE_FAILED', () => polls.create(roomId, auth.userId, request));
    // The creator left between the check and the insert.
    if (id === null) throw new ApiError('ACCESS_DENIED');
    const poll = await orFail(c, 'POLL_LOOKUP_FAILED', () => polls.view(id));
    if (!poll) throw new ApiError('POLL_LOOKUP_FAILED');
    if (poll.ends_at) deps.deadlines.schedule(poll.ends_at);
    broadcast.emit({ rooms: [roomId] }, 'poll_created', { room_id: roomId, poll, action: 'poll_created', by_user_id: auth.userId });
    return { success: true, poll };
  });

  route(app, 'POST /api/polls/:id/vote', async (c, { auth, body }) => {
    const id = await pollFor(c, auth);
    const { option_ids } = await body();
    const result = await orFail(c, 'POLL_VOTE_FAILED', () => polls.vote(id, auth.userId, option_ids));
    if (result !== 'ok') throw new ApiError(voteErrors[result]);
    const mine = await orFail(c, 'POLL_VOTE_FAILED', () => polls.viewFor(id, auth.userId));
    if (!mine) throw new ApiError('POLL_NOT_FOUND');
    const { my_votes: _mine, ...poll } = mine;
    broadcast.emit({ rooms: [poll.room_id] }, 'poll_updated', {
      room_id: poll.room_id,
      poll,
      action: 'poll_voted',
      ...(poll.anonymous ? {} : { by_user_id: auth.userId }),
    });
    return { success: true, poll: mine };
  });

  route(app, 'POST /api/polls/:id/close', async (c, { auth }) => {
    const id = await pollFor(c, auth);
    const result = await orFail(c, 'POLL_CLOSE_FAILED', () => polls.close(id, auth.userId));
    if (result !== 'ok') throw new ApiError(closeErrors[result]);
    const poll = await orFail(c, 'POLL_CLOSE_FAILED', () => polls.view(id));
    if (poll) broadcast.emit({ rooms: [poll.room_id] }, 'poll_updated', { room_id: poll.room_id, poll, action: 'poll_closed', by_user_id: auth.userId });
    return { success: true };
  });

  return app;
}
