import { appLanguageHeader } from '../i18n/index.ts';

/** A failed call: the server's error envelope (code + text in the user's language), or a
 * network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
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
  body?: unknown;
  /** Do not try refresh+retry on 401 (the auth endpoints themselves). */
  noRetry?: boolean;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

/** The REST client: JSON in and out, the caller's language on every request, one refresh and
 * retry after a 401, and a timeout so the UI never hangs on a dead network. */
export class Api {
  auth: AuthProvider | null = null;

  constructor(public baseUrl: string) {}

  async request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
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
      const env = (body ?? {}) as { error_code?: string; error_localized?: string; error?: string };
      throw new ApiError(res.status, env.error_code ?? 'GENERIC_ERROR', env.error_localized ?? env.error ?? res.statusText);
    }
    return body as T;
  }

  get<T>(path: string, opts?: RequestOptions) {
    return this.request<T>('GET', path, opts);
  }
  post<T>(path: string, body?: unknown, opts?: RequestOptions) {
    return this.request<T>('POST', path, { ...opts, body });
  }
  put<T>(path: string, body?: unknown, opts?: RequestOptions) {
    return this.request<T>('PUT', path, { ...opts, body });
  }
  del<T>(path: string, body?: unknown, opts?: RequestOptions) {
    return this.request<T>('DELETE', path, { ...opts, body });
  }
}
