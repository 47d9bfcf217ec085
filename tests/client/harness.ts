import type { Socket } from 'socket.io-client';
import { expect, vi } from 'vitest';
import { type KV, memoryKV } from '../../client/src/chat/outbox.ts';
import { type AppServices, type ServicesOptions, createServices } from '../../client/src/services.ts';
import { type MemoryPlatform, memoryPlatform } from '../../client/src/testing/memory-platform.ts';
import { api, registerAndLogin } from '../helpers/http.ts';
import type { TestServer } from '../helpers/server.ts';
import { connectSocket } from '../helpers/socket.ts';

/** The real client against a real server. These suites run in node: the in-process server cannot
 * run under happy-dom (it replaces the Request/Headers globals that Hono's node adapter builds on,
 * and its fetch applies CORS to loopback). */

/** A registered user, with a raw socket for acting as "the other side" in tests. */
export interface TestUser {
  userId: number;
  username: string;
  nickname: string;
  accessToken: string;
  deviceToken: string;
}

export async function newUser(ts: TestServer, nickname?: string): Promise<TestUser> {
  const u = await registerAndLogin(api(ts.url), nickname ? { nickname } : {});
  return { userId: u.userId, username: u.username, nickname: nickname ?? `Nick ${u.username}`, accessToken: u.accessToken, deviceToken: u.deviceToken };
}

export function rawSocket(ts: TestServer, user: TestUser): Promise<Socket> {
  return connectSocket(ts.url, user.accessToken);
}

export interface TestClient {
  services: AppServices;
  platform: MemoryPlatform;
  kv: KV;
  /** Stop the client (useServer's `track` calls it before the server stops). */
  dispose(): void;
}

/** The real client (createServices) signed in as `user` by restoring its device token, as the
 * desktop does at start; resolves once the socket is connected and the room list loaded. */
export async function startClient(ts: TestServer, user: TestUser, opts: ServicesOptions & { kv?: KV } = {}): Promise<TestClient> {
  const platform = memoryPlatform(ts.url, { server_url: ts.url, device_token: user.deviceToken, device_name: 'Test Desktop' });
  const kv = opts.kv ?? memoryKV();
  const services = createServices(platform, { roomsReloadDelayMs: 20, ...opts, outboxKV: kv });
  // The device token rotates on refresh: keep the newest for the next "restart".
  const restored = await services.session.restore();
  if (!restored) throw new Error('restore failed');
  user.deviceToken = platform.stored!.device_token;
  await vi.waitFor(() => expect(services.realtime.status.value).toBe('connected'), { timeout: 5000 });
  await vi.waitFor(() => expect(services.rooms.loaded.value).toBe(true), { timeout: 5000 });
  return { services, platform, kv, dispose: () => services.dispose() };
}

/** A room made through the REST API by `owner` with `others`. */
export async function createRoom(ts: TestServer, owner: TestUser, others: TestUser[], name?: string): Promise<number> {
  const res = await api(ts.url).post('/api/rooms', { name, members: others.map((o) => o.userId) }, { token: owner.accessToken });
  if (res.status !== 200) throw new Error(`create room failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.room_id as number;
}

export function until(check: () => void, timeout = 5000): Promise<void> {
  return vi.waitFor(check, { timeout, interval: 10 });
}
