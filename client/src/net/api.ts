import type { ErrorEnvelope } from '../../../protocol/envelope.ts';
import type { ErrorCode } from '../../../protocol/errors/index.ts';
import { type RouteParams, fillPath, routeMethod } from '../../../protocol/route-paths.ts';
import type { RouteBody, RouteKey, RouteQuery, RouteResponse } from '../../../protocol/routes.ts';
import { appLanguageHeader } from '../i18n/index.ts';

/** A failed call: the server's error envelope (code + text in the user's language), or a
 * network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | 'NETWORK_ERROR',
    message: string,
  ) {
    super(message);
  }
  get isNetwork(): boolean {
    return this.status === 0;
  }
}

/** How requests are authenticated; the session implements it. */
export interface AuthProvider {
  mode: 'cookie' | 'bearer';
  /** Authorization (bearer) or X-CSRFToken (cookie writes). */
  headers(method: string): Record<string, string>;
  /** Called once after a 401: refresh the session; true means "retry the request". */
  recover(): Promise<boolean>;
}

export interface RequestOptions {
  /** Do not try refresh+retry on 401 (the auth endpoints themselves). */
  noRetry?: boolean;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

/** What a call of route K takes: its path parameters (when it has some), its query (the server
 * fills in what is left out) and its body (optional when every field is). */
export type CallOptions<K extends RouteKey> = RequestOptions &
  (keyof RouteParams<K> extends never ? { params?: never } : { params: RouteParams<K> }) &
  ([RouteQuery<K>] extends [never] ? { query?: never } : { query?: Partial<RouteQuery<K>> }) &
  ([RouteBody<K>] extends [never] ? { body?: never } : {} extends RouteBody<K> ? { body?: RouteBody<K> } : { body: RouteBody<K> });

type CallArgs<K extends RouteKey> = {} extends CallOptions<K> ? [opts?: CallOptions<K>] : [opts: CallOptions<K>];

type Query = Record<string, string | number | boolean | undefined>;

/** `?a=1&b=0`: numbers in decimal, booleans as 1/0 (the server's flags), undefined left out. */
function queryString(query: Query): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) q.append(k, typeof v === 'boolean' ? (v ? '1' : '0') : String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** The REST client: calls by route of protocol/routes.ts (typed parameters, query, body and
 * answer), JSON in and out, the caller's language on every request, one refresh and retry after a
 * 401, and a timeout so the UI never hangs on a dead network. */
export class Api {
  auth: AuthProvider | null = null;

  constructor(public baseUrl: string) {}

  call<K extends RouteKey>(route: K, ...[opts]: CallArgs<K>): Promise<RouteResponse<K>> {
    // The types were checked at the call site; from here on it is JSON over HTTP.
    const { params = {}, query = {}, ...rest } = (opts ?? {}) as RequestOptions & { params?: object; query?: Query; body?: unknown };
    const path = fillPath(route, params as RouteParams<K>) + queryString(query);
    return this.request(routeMethod(route), path, rest) as Promise<RouteResponse<K>>;
  }

  private async request(method: string, path: string, opts: RequestOptions & { body?: unknown }): Promise<unknown> {
    // The timeout covers the whole exchange, body included: a stalled answer must not leave the
    // UI waiting for ever.
    const attempt = async (): Promise<{ status: number; ok: boolean; statusText: string; text: string }> => {
      const headers: Record<string, string> = { 'X-App-Language': appLanguageHeader(), ...(this.auth?.headers(method) ?? {}), ...opts.headers };
      if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), opts.timeoutMs ?? 15_000);
      try {
        const res = await fetch(this.baseUrl + path, {
          method,
          headers,
          body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
          credentials: this.auth?.mode === 'bearer' ? 'omit' : 'include',
          signal: controller.signal,
        });
        return { status: res.status, ok: res.ok, statusText: res.statusText, text: await res.text() };
      } catch {
        throw new ApiError(0, 'NETWORK_ERROR', 'network error');
      } finally {
        clearTimeout(timer);
      }
    };
    let res = await attempt();
    if (res.status === 401 && !opts.noRetry && this.auth && (await this.auth.recover())) res = await attempt();
    let body: unknown = null;
    try {
      body = res.text ? JSON.parse(res.text) : null;
    } catch {
      body = null;
    }
    if (!res.ok) {
      const env = (body ?? {}) as Partial<ErrorEnvelope>;
      throw new ApiError(res.status, env.error_code ?? 'GENERIC_ERROR', env.error_localized ?? env.error ?? res.statusText);
    }
    return body;
  }
}
