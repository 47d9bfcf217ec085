import { describe, expect, it } from 'vitest';
import { type AdminAuditEntry, adminAuditResponseSchema } from '../../protocol/rest/admin.ts';
import { registerAndLogin } from '../helpers/http.ts';
import { adminSuite, as } from './fixture.ts';

const { env, admin } = adminSuite();

async function page(query: string) {
  const res = await env.a.get(`/api/admin/audit${query}`, as(admin()));
  expect(res.status).toBe(200);
  return adminAuditResponseSchema.parse(res.body);
}

/** Every entry, following next_before_id with pages of `limit`. */
async function walk(limit: number): Promise<{ entries: AdminAuditEntry[]; pages: number }> {
  const entries: AdminAuditEntry[] = [];
  let before: number | null = null;
  let pages = 0;
  do {
    const p = await page(`?limit=${limit}${before === null ? '' : `&before_id=${before}`}`);
    expect(p.entries.length).toBeLessThanOrEqual(limit);
    entries.push(...p.entries);
    before = p.next_before_id;
    pages++;
  } while (before !== null);
  return { entries, pages };
}

describe('admin audit log', () => {
  it('one entry per admin action, named for it, newest first, never the temporary password', async () => {
    const u = await registerAndLogin(env.a);
    const other = await registerAndLogin(env.a);
    const act = (path: string, body?: unknown) => env.a.post(path, body, as(admin()));
    const done: string[] = [];
    expect((await act('/api/admin/users/approve', { user_id: u.userId, action: 'approve', reason: 'known' })).status).toBe(200);
    done.push('user.approve');
    expect((await act(`/api/admin/users/${u.userId}/disable`)).status).toBe(200);
    done.push('user.disable');
    expect((await act(`/api/admin/users/${u.userId}/enable`)).status).toBe(200);
    done.push('user.enable');
    const reset = await act(`/api/admin/users/${u.userId}/reset-password`);
    done.push('user.reset_password');
    expect((await act(`/api/admin/users/${other.userId}/reject`)).status).toBe(200);
    done.push('user.reject');
    // Refused or unauthorised attempts write nothing.
    expect((await act(`/api/admin/users/${admin().userId}/disable`)).status).toBe(400);
    expect((await env.a.post(`/api/admin/users/${admin().userId}/disable`, undefined, as(other))).status).toBe(401);
    expect((await act('/api/admin/users/999999/enable')).status).toBe(404);

    const { entries } = await page('?limit=200');
    expect(entries.map((e) => e.action)).toEqual([...done].reverse());
    for (const e of entries) {
      expect(e.actor_user_id).toBe(admin().userId);
      expect(e.target_user_id).toBe(e.action === 'user.reject' ? other.userId : u.userId);
    }
    expect(entries.find((e) => e.action === 'user.approve')!.details).toEqual({ username: u.username });
    expect(JSON.stringify(entries)).not.toContain(reset.body.temporary_password);
  });

  it('pages newest first with strictly decreasing ids, never overlapping, next_before_id null at the end', async () => {
    for (let i = 0; i < 7; i++) {
      const u = await registerAndLogin(env.a);
      expect((await env.a.post(`/api/admin/users/${u.userId}/disable`, undefined, as(admin()))).status).toBe(200);
    }
    const all = (await page('?limit=200')).entries;
    expect(all.length).toBeGreaterThanOrEqual(12);
    const { entries, pages } = await walk(3);
    expect(pages).toBe(Math.ceil(all.length / 3));
    expect(entries.map((e) => e.id)).toEqual(all.map((e) => e.id));
    for (let i = 1; i < entries.length; i++) expect(entries[i]!.id).toBeLessThan(entries[i - 1]!.id);
    // A page that ends exactly at the last entry says so.
    const last = await page(`?limit=1&before_id=${all[all.length - 2]!.id}`);
    expect(last).toEqual({ entries: [all[all.length - 1]], next_before_id: null });
    expect(await page(`?before_id=${all[all.length - 1]!.id}`)).toEqual({ entries: [], next_before_id: null });
  });

  it('clamps limit into 1..200 and ignores a malformed before_id', async () => {
    expect((await page('?limit=0')).entries.length).toBe(1);
    expect((await page('?limit=abc')).entries.length).toBeLessThanOrEqual(50);
    const all = (await page('?limit=200')).entries;
    expect((await page('?limit=500&before_id=x')).entries).toEqual(all);
  });
});
