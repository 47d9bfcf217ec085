import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll } from 'vitest';
import { type Api, api, registerAndLogin } from './http.ts';
import { type TestServer, startTestServer } from './server.ts';
import { connectSocket } from './socket.ts';

/** One real server for a test file, plus users that come with a connected socket; everything is
 * closed after the file. Read `env.t` / `env.a` inside tests (they are set in beforeAll). */
export function realtimeSuite() {
  const env = { t: undefined as unknown as TestServer, a: undefined as unknown as Api, sockets: [] as Socket[] };
  beforeAll(async () => {
    env.t = await startTestServer();
    env.a = api(env.t.url);
  });
  afterAll(async () => {
    for (const s of env.sockets) s.close();
    await env.t.close();
  });
  /** A registered user with a device session and a live socket. */
  async function user() {
    const u = await registerAndLogin(env.a);
    const socket = await connectSocket(env.t.url, u.accessToken);
    env.sockets.push(socket);
    return { ...u, socket };
  }
  return { env, user };
}
