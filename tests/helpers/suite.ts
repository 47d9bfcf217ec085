import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll } from 'vitest';
import { type Api, api, registerAndLogin } from './http.ts';
import { type StartOptions, type TestServer, startTestServer } from './server.ts';
import { connectSocket } from './socket.ts';

/** Anything a test opens that must be closed before its server stops (sockets, clients). */
export interface Closable {
  close?(): unknown;
  disconnect?(): unknown;
  dispose?(): unknown;
}

function closeOne(x: Closable): void {
  if (x.dispose) x.dispose();
  else if (x.close) x.close();
  else x.disconnect?.();
}

export interface ServerSuite {
  /** The file's server (set in beforeAll: read it inside tests and hooks). */
  readonly t: TestServer;
  /** A JSON client bound to it. */
  readonly a: Api;
  /** Close `x` after the file (before the server stops); returns it. */
  track<T extends Closable>(x: T): T;
}

/** The one setup of an integration test file (or describe block): a real server on 127.0.0.1 with
 * a fresh libSQL file database, started before the tests and closed after them (what `track` was
 * given is closed first). `opts` are those of startTestServer (config overrides, environment, data
 * dir), or a function giving them when they depend on an earlier beforeAll (a built client). */
export function useServer(opts: StartOptions | (() => StartOptions) = {}): ServerSuite {
  let t: TestServer | undefined;
  let a: Api | undefined;
  const tracked: Closable[] = [];
  beforeAll(async () => {
    t = await startTestServer(typeof opts === 'function' ? opts() : opts);
    a = api(t.url);
  });
  afterAll(async () => {
    for (const x of tracked.splice(0)) closeOne(x);
    await t?.close();
  });
  return {
    get t() {
      if (!t) throw new Error('useServer: the server starts in beforeAll');
      return t;
    },
    get a() {
      if (!a) throw new Error('useServer: the server starts in beforeAll');
      return a;
    },
    track(x) {
      tracked.push(x);
      return x;
    },
  };
}

/** A second server inside one test (another config, a restart on the same data): always closed. */
export async function withServer<T>(opts: StartOptions, fn: (t: TestServer) => Promise<T>): Promise<T> {
  const t = await startTestServer(opts);
  try {
    return await fn(t);
  } finally {
    await t.close();
  }
}

/** useServer plus users that come with a connected socket (closed after the file). */
export function realtimeSuite(opts: StartOptions = {}) {
  const suite = useServer(opts);
  async function user(): Promise<Awaited<ReturnType<typeof registerAndLogin>> & { socket: Socket }> {
    const u = await registerAndLogin(suite.a);
    const socket = suite.track(await connectSocket(suite.t.url, u.accessToken));
    return { ...u, socket };
  }
  return { env: suite, user };
}
