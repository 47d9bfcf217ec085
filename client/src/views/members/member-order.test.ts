import { describe, expect, it } from 'vitest';
import type { RoomMember } from '../../../../protocol/rest/members.ts';
import { memberRole, sortMembers } from './member-order.ts';

const m = (id: number, nickname: string, role: 'admin' | 'member' = 'member'): RoomMember => ({
  id,
  nickname,
  username: `u${id}`,
  profile_image: null,
  status: 'offline',
  status_message: null,
  last_seen_at: null,
  role,
  last_read_message_id: 0,
  pinned: 0,
  muted: 0,
});

describe('member roles and order', () => {
  const group = { type: 'group' as const, created_by: 3 };

  it('names the owner (created_by) and the other admins, and nobody in a direct room', () => {
    expect(memberRole(group, m(3, 'c', 'admin'))).toBe('owner');
    expect(memberRole(group, m(2, 'b', 'admin'))).toBe('admin');
    expect(memberRole(group, m(1, 'a'))).toBeNull();
    expect(memberRole({ type: 'direct', created_by: 3 }, m(3, 'c', 'admin'))).toBeNull();
  });

  it('lists the owner, then admins, then everyone else, by nickname', () => {
    const sorted = sortMembers([m(1, 'zed'), m(2, 'yan', 'admin'), m(3, 'xi', 'admin'), m(4, 'amy'), m(5, 'bo', 'admin')], group);
    expect(sorted.map((x) => x.id)).toEqual([3, 5, 2, 4, 1]);
  });
});
