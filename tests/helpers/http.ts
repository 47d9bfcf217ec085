/** Small HTTP client for tests: JSON in and out, optional Bearer token, and a cookie jar that
 * behaves like a browser's for our cookies (path-scoped, replaced on Set-Cookie, dropped on expiry). */
export interface JsonResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

interface StoredCookie {
  value: string;
  path: string;
}

export class CookieJar {
  private cookies = new Map<string, StoredCookie>();

  store(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';').map((s) => s.trim());
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      const attr = (key: string) => attrs.find((a) => a.toLowerCase().startsWith(`${key}=`))?.split('=')[1];
      const cookiePath = attr('path') ?? '/';
      const maxAge = attr('max-age');
      const expires = attr('expires');
      const expired = (maxAge !== undefined && Number(maxAge) <= 0) || (expires !== undefined && new Date(expires).getTime() < Date.now());
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, { value, path: cookiePath });
    }
  }

  header(requestPath: string): string {
    return [...this.cookies]
      .filter(([, c]) => requestPath.startsWith(c.path))
      .map(([name, c]) => `${name}=${c.value}`)
      .join('; ');
  }

  get(name: string): string | undefined {
    return this.cookies.get(name)?.value;
  }

  has(name: string): boolean {
    return this.cookies.has(name);
  }
}

export interface RequestOptions {
  body?: unknown;
  rawBody?: string;
  token?: string;
  jar?: CookieJar;
  headers?: Record<string, string>;
}

export async function request<T = any>(base: string, method: string, path: string, opts: RequestOptions = {}): Promise<JsonResponse<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.body !== undefined) headers['content-type'] ??= 'application/json';
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.jar) {
    const cookie = opts.jar.header(path.split('?')[0]!);
    if (cookie) headers.cookie = cookie;
  }
  const res = await fetch(base + path, {
    method,
    headers,
    body: opts.rawBody ?? (opts.body !== undefined ? JSON.stringify(opts.body) : undefined),
  });
  opts.jar?.store(res.headers);
  const text = await res.text();
  let body: any = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: tests assert on that
  }
  return { status: res.status, headers: res.headers, body };
}

/** Bound to one server URL. */
export function api(base: string) {
  return {
    get: <T = any>(path: string, opts?: RequestOptions) => request<T>(base, 'GET', path, opts),
    post: <T = any>(path: string, body?: unknown, opts?: RequestOptions) => request<T>(base, 'POST', path, { ...opts, body }),
    put: <T = any>(path: string, body?: unknown, opts?: RequestOptions) => request<T>(base, 'PUT', path, { ...opts, body }),
    del: <T = any>(path: string, body?: unknown, opts?: RequestOptions) => request<T>(base, 'DELETE', path, { ...opts, body }),
  };
}
export type Api = ReturnType<typeof api>;

export const PASSWORD = 'Password123!';

let counter = 0;
/** A unique valid username per call (3-20 of [A-Za-z0-9_]). */
export function uniqueName(prefix = 'u'): string {
  counter += 1;
  return `${prefix}${process.pid % 10000}_${counter}`.slice(0, 20);
}

/** Register and create a desktop device session; returns tokens and ids. */
export async function registerAndLogin(a: Api, opts: { username?: string; nickname?: string; remember?: boolean } = {}) {
  const username = opts.username ?? uniqueName();
  const reg = await a.post('/api/register', { username, password: PASSWORD, nickname: opts.nickname ?? `Nick ${username}` });
  if (reg.status !== 200) throw new Error(`register failed: ${reg.status} ${JSON.stringify(reg.body)}`);
  const login = await a.post('/api/device-sessions', { username, password: PASSWORD, device_name: 'Test Device', remember: opts.remember ?? true });
  if (login.status !== 200) throw new Error(`device login failed: ${login.status} ${JSON.stringify(login.body)}`);
  return {
    username,
    userId: reg.body.user_id as number,
    accessToken: login.body.access_token as string,
    deviceToken: login.body.device_token as string,
    sessionId: login.body.device_session_id as number,
    csrf: login.body.csrf_token as string,
  };
}
