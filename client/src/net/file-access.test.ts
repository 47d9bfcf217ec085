import { afterEach, describe, expect, it, vi } from 'vitest';
import { Api, type AuthProvider } from './api.ts';
import { FileAccess, uploadsPath } from './file-access.ts';

function access(mode: 'cookie' | 'bearer', auth: Partial<AuthProvider> = {}) {
  const api = new Api('http://chat.local:5000');
  api.auth = { mode, headers: (): Record<string, string> => (mode === 'bearer' ? { Authorization: 'Bearer t1' } : {}), recover: async () => false, ...auth };
  return new FileAccess(api);
}

afterEach(() => vi.unstubAllGlobals());

describe('FileAccess', () => {
  it('escapes each path segment of /uploads/', () => {
    expect(uploadsPath('profiles/7_a b#.png')).toBe('/uploads/profiles/7_a%20b%23.png');
    expect(uploadsPath('2026_보고서.pdf')).toBe(`/uploads/${encodeURIComponent('2026_보고서.pdf')}`);
  });

  it('in the browser an <img> loads the URL itself (the cookie goes with it): nothing is fetched', async () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    const files = access('cookie');
    expect(await files.src('a.png')).toBe('http://chat.local:5000/uploads/a.png');
    expect(fetch).not.toHaveBeenCalled();
  });

  it('on the desktop it fetches once with the bearer header into a blob: URL, and refreshes once after a 401', async () => {
    const calls: Array<{ url: string; auth: string | undefined; credentials: RequestCredentials | undefined }> = [];
    let status = 200;
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      calls.push({ url, auth: (init.headers as Record<string, string>).Authorization, credentials: init.credentials });
      const s = status;
      status = 200;
      return new Response(s === 200 ? new Blob(['png']) : null, { status: s });
    });
    const recover = vi.fn(async () => true);
    const files = access('bearer', { recover });
    const [a, b] = await Promise.all([files.src('a.png'), files.src('a.png')]);
    expect(a).toMatch(/^blob:/);
    expect(b).toBe(a);
    expect(calls).toEqual([{ url: 'http://chat.local:5000/uploads/a.png', auth: 'Bearer t1', credentials: 'omit' }]);

    status = 401;
    expect(await (await files.blob('b.png')).text()).toBe('png');
    expect(recover).toHaveBeenCalledTimes(1);
    expect(calls).toHaveLength(3);
  });

  it('a refused file is not cached: the next look tries again', async () => {
    let ok = false;
    vi.stubGlobal('fetch', async () => new Response(ok ? new Blob(['x']) : null, { status: ok ? 200 : 403 }));
    const files = access('bearer');
    await expect(files.src('x.png')).rejects.toMatchObject({ status: 403 });
    ok = true;
    expect(await files.src('x.png')).toMatch(/^blob:/);
  });
});
