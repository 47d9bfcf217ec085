import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { myPollSchema, pollCreateRequestSchema, pollSchema, pollVoteRequestSchema } from './polls.ts';
import { codeOf, dataOf } from '../test-helpers.ts';


const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString();
const valid = { question: ' 점심 메뉴? ', options: [' 국밥 ', '<b>파스타</b>'] };

describe('POST /api/rooms/:id/polls', () => {
  it('trims text, keeps it raw and defaults the flags and deadline', () => {
    expect(dataOf(pollCreateRequestSchema, valid)).toEqual({
      question: '점심 메뉴?',
      options: ['국밥', '<b>파스타</b>'],
      multiple_choice: false,
      anonymous: false,
      ends_at: null,
    });
  });

  it('normalises a future deadline with an offset to UTC', () => {
    const at = new Date(Date.now() + 3_600_000);
    const kst = new Date(at.getTime() + 9 * 3_600_000).toISOString().replace('Z', '+09:00');
    expect(dataOf(pollCreateRequestSchema, { ...valid, ends_at: kst }).ends_at).toBe(at.toISOString());
    expect(dataOf(pollCreateRequestSchema, { ...valid, ends_at: '' }).ends_at).toBeNull();
  });

  it('refuses a missing or over-long question', () => {
    expect(codeOf(pollCreateRequestSchema, { options: ['a', 'b'] })).toBe('POLL_QUESTION_REQUIRED');
    expect(codeOf(pollCreateRequestSchema, { ...valid, question: '  ' })).toBe('POLL_QUESTION_REQUIRED');
    expect(codeOf(pollCreateRequestSchema, { ...valid, question: 'q'.repeat(201) })).toBe('POLL_QUESTION_TOO_LONG');
  });

  it('needs 2..10 non-empty options of at most 100 code points (more than 10 is refused, not dropped)', () => {
    expect(codeOf(pollCreateRequestSchema, { question: 'q' })).toBe('POLL_OPTIONS_TOO_FEW');
    expect(codeOf(pollCreateRequestSchema, { question: 'q', options: ['only'] })).toBe('POLL_OPTIONS_TOO_FEW');
    expect(codeOf(pollCreateRequestSchema, { question: 'q', options: 'ab' })).toBe('POLL_OPTIONS_TOO_FEW');
    const eleven = Array.from({ length: 11 }, (_, i) => `opt ${i}`);
    expect(codeOf(pollCreateRequestSchema, { question: 'q', options: eleven })).toBe('POLL_OPTIONS_TOO_MANY');
    expect(codeOf(pollCreateRequestSchema, { question: 'q', options: ['a', ''] })).toBe('POLL_OPTION_TEXT_INVALID');
    expect(codeOf(pollCreateRequestSchema, { question: 'q', options: ['a', 3] })).toBe('POLL_OPTION_TEXT_INVALID');
    expect(codeOf(pollCreateRequestSchema, { question: 'q', options: ['a', 'b'.repeat(101)] })).toBe('POLL_OPTION_TOO_LONG');
  });

  it('takes the flags as strict booleans', () => {
    expect(dataOf(pollCreateRequestSchema, { ...valid, multiple_choice: true }).multiple_choice).toBe(true);
    expect(codeOf(pollCreateRequestSchema, { ...valid, multiple_choice: 1 })).toBe('POLL_FLAG_NOT_BOOLEAN');
    expect(codeOf(pollCreateRequestSchema, { ...valid, anonymous: 'true' })).toBe('POLL_FLAG_NOT_BOOLEAN');
  });

  it('refuses a malformed, offset-less or past deadline', () => {
    expect(codeOf(pollCreateRequestSchema, { ...valid, ends_at: 'next friday' })).toBe('POLL_ENDS_AT_INVALID');
    expect(codeOf(pollCreateRequestSchema, { ...valid, ends_at: tomorrow().replace('Z', '') })).toBe('POLL_ENDS_AT_INVALID');
    expect(codeOf(pollCreateRequestSchema, { ...valid, ends_at: 1767225600 })).toBe('POLL_ENDS_AT_INVALID');
    expect(codeOf(pollCreateRequestSchema, { ...valid, ends_at: '2020-01-01T00:00:00Z' })).toBe('POLL_ENDS_AT_PAST');
  });
});

describe('POST /api/polls/:id/vote', () => {
  it('takes option_ids, or option_id, skipping junk and duplicates like the origin', () => {
    expect(dataOf(pollVoteRequestSchema, { option_ids: [3, '4', 3, 'x', 0, -1] })).toEqual({ option_ids: [3, 4] });
    expect(dataOf(pollVoteRequestSchema, { option_id: 5 })).toEqual({ option_ids: [5] });
    expect(dataOf(pollVoteRequestSchema, { option_ids: [6], option_id: 5 })).toEqual({ option_ids: [6] });
  });

  it('needs at least one option', () => {
    expect(codeOf(pollVoteRequestSchema, {})).toBe('POLL_OPTION_REQUIRED');
    expect(codeOf(pollVoteRequestSchema, { option_ids: ['x'] })).toBe('POLL_OPTION_REQUIRED');
    expect(codeOf(pollVoteRequestSchema, { option_id: 0 })).toBe('POLL_OPTION_REQUIRED');
  });
});

describe('poll shapes', () => {
  const poll = {
    id: 9,
    room_id: 7,
    created_by: 2,
    creator_name: '김철수',
    question: '점심 메뉴?',
    multiple_choice: 0,
    anonymous: 1,
    closed: 0,
    ends_at: '2026-03-01T00:00:00Z',
    created_at: '2026-02-27T01:00:00Z',
    options: [
      { id: 1, option_text: '국밥', vote_count: 2 },
      { id: 2, option_text: '파스타', vote_count: 0 },
    ],
    total_voters: 2,
  };

  it('broadcasts never carry my_votes; answers to one caller do', () => {
    expect('my_votes' in dataOf(pollSchema, { ...poll, my_votes: [1] })).toBe(false);
    expect(dataOf(myPollSchema, { ...poll, my_votes: [1] }).my_votes).toEqual([1]);
    expect(codeOf(myPollSchema, poll)).toBe('REQUEST_INVALID');
  });
});
