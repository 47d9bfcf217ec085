import { describe, expect, it } from 'vitest';
import { keptMentions, matchMembers, mentionAt, mentionedNames, splitMentions } from './mentions.ts';

const members = [
  { id: 1, nickname: '나', username: 'me' },
  { id: 2, nickname: '김철수', username: 'chulsoo' },
  { id: 3, nickname: 'Bob Smith', username: 'bob' },
  { id: 4, nickname: '박영희', username: 'younghee' },
];

describe('mentions', () => {
  it('finds the @word before the caret', () => {
    expect(mentionAt('hi @ch', 6)).toEqual({ start: 3, query: 'ch' });
    expect(mentionAt('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionAt('mail a@b', 8)).toBeNull();
    expect(mentionAt('@bob done', 9)).toBeNull();
    expect(mentionAt('안녕 @김', 5)).toEqual({ start: 3, query: '김' });
  });

  it('matches nickname or username, Korean included, prefix first, never me', () => {
    expect(matchMembers(members, '철', 1).map((m) => m.id)).toEqual([2]);
    expect(matchMembers(members, 'B', 1).map((m) => m.id)).toEqual([3]);
    expect(matchMembers(members, 'o', 1).map((m) => m.id)).toEqual([3, 2, 4]);
    expect(matchMembers(members, '', 1).map((m) => m.id)).toEqual([3, 2, 4]);
    expect(matchMembers(members, 'me', 1)).toEqual([]);
  });

  it('keeps the picked members still named in the text', () => {
    expect(keptMentions('@김철수 and @bob', members)).toEqual([2, 3]);
    expect(keptMentions('@김철 only', members)).toEqual([]);
  });

  it('gives the names to highlight, longest first, and whether I am mentioned', () => {
    const r = mentionedNames([1, 3], members, 1);
    expect(r.mentionsMe).toBe(true);
    expect(r.mentioned!.map((n) => n.name)).toEqual(['@Bob Smith', '@bob', '@me', '@나']);
    expect(mentionedNames(undefined, members, 1)).toEqual({});
  });

  it('splits text into plain parts and mentions', () => {
    const names = mentionedNames([3], members, 1).mentioned!;
    expect(splitMentions('hi @Bob Smith and @bob!', names)).toEqual(['hi ', names[0], ' and ', names[1], '!']);
    expect(splitMentions('no one', names)).toEqual(['no one']);
  });
});
