import { expect } from 'vitest';
import { z } from 'zod';
import { pollCreatedEventSchema, pollUpdatedEventSchema } from '../../protocol/events/server.ts';
import { myPollSchema, pollOptionSchema, pollSchema } from '../../protocol/rest/polls.ts';
import { type Env, type User, as } from '../rooms/fixtures.ts';

/** Strict forms of the poll shapes: a key the contract does not name (a voter list, a
 * `by_user_id`, someone's `my_votes`) fails the parse. */
const strictPoll = pollSchema.extend({ options: z.array(pollOptionSchema.strict()) }).strict();
const strictMyPoll = myPollSchema.extend({ options: z.array(pollOptionSchema.strict()) }).strict();

export const strict = {
  poll: (p: unknown) => strictPoll.parse(p),
  myPoll: (p: unknown) => strictMyPoll.parse(p),
  created: (e: unknown) => pollCreatedEventSchema.extend({ poll: strictPoll }).strict().parse(e),
  updated: (e: unknown) => pollUpdatedEventSchema.extend({ poll: strictPoll }).strict().parse(e),
};

export const createPoll = (env: Env, roomId: number, by: User, body: Record<string, unknown>) => env.a.post(`/api/rooms/${roomId}/polls`, body, as(by));
export const vote = (env: Env, pollId: number, by: User, body: unknown) => env.a.post(`/api/polls/${pollId}/vote`, body, as(by));
export const closePoll = (env: Env, pollId: number, by: User) => env.a.post(`/api/polls/${pollId}/close`, undefined, as(by));
export const listPolls = async (env: Env, roomId: number, by: User) => {
  const res = await env.a.get(`/api/rooms/${roomId}/polls`, as(by));
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body as unknown[]).map(strict.myPoll);
};

/** A created poll (200 expected), strictly parsed. */
export async function newPoll(env: Env, roomId: number, by: User, body: Record<string, unknown>) {
  const res = await createPoll(env, roomId, by, body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.success).toBe(true);
  return strict.poll(res.body.poll);
}
