import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { memoryKV } from '../../client/src/chat/outbox.ts';
import { Api, ApiError } from '../../client/src/net/api.ts';
import { createServices } from '../../client/src/services.ts';
import { memoryPlatform } from '../../client/src/testing/memory-platform.ts';
import { NotMessengerError, Updates } from '../../client/src/updates/store.ts';
import { useServer } from '../helpers/suite.ts';
import { newUser, startClient, until } from './harness.ts';

/** The desktop's update policy against a real server configured like an operator would. */
const DOWNLOAD = 'https://downloads.example.com/messenger-1.4.0.zip';
const NOTES = 'https://downloads.example.com/notes/1.4.0';
const env = useServer({
  env: {
    DESKTOP_CLIENT_MIN_VERSION: '1.2.0',
    DESKTOP_CLIENT_LATEST_VERSION: '1.4.0',
    DESKTOP_CLIENT_DOWNLOAD_URL: DOWNLOAD,
    DESKTOP_CLIENT_RELEASE_NOTES_URL: NOTES,
    DESKTOP_CLIENT_CANARY_LATEST_VERSION: '1.5.0',
  },
});

function desktop(version: string | null) {
  const platform = memoryPlatform(env.t.url);
  platform.version = version;
  return platform;
}
const updatesFor = (platform: ReturnType<typeof desktop>, intervalMs?: number) => new Updates({ api: new Api(env.t.url), platform, intervalMs });

/** A local HTTP server answering every request the same way (another web server at the address). */
async function otherServer(type: string, body: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': type }).end(body));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(() => r())) };
}

const updateRequests = (spy: { mock: { calls: unknown[][] } }) => spy.mock.calls.filter(([url]) => String(url).includes('/api/client/update'));

afterEach(() => vi.restoreAllMocks());

describe('Updates (desktop update policy)', () => {
  it('offers a newer version with its download and release notes, on the stable channel by default', async () => {
    const updates = updatesFor(desktop('1.3.0'));
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    await updates.check();
    const url = new URL(String(updateRequests(fetchSpy)[0]![0]));
    expect(Object.fromEntries(url.searchParams)).toEqual({ client_version: '1.3.0', channel: 'stable' });
    expect(updates.required.value).toBe(false);
    expect(updates.offer.value).toMatchObject({ latest_version: '1.4.0', download_url: DOWNLOAD, release_notes_url: NOTES, channel: 'stable' });
  });

  it('requires an update below the minimum version, and offers nothing then', async () => {
    const updates = updatesFor(desktop('1.1.9'));
    await updates.check();
    expect(updates.required.value).toBe(true);
    expect(updates.offer.value).toBeNull();
    expect(updates.policy.value).toMatchObject({ minimum_version: '1.2.0', latest_version: '1.4.0', download_url: DOWNLOAD });
  });

  it('has nothing to say to the latest version', async () => {
    const updates = updatesFor(desktop('1.4.0'));
    await updates.check();
    expect([updates.required.value, updates.offer.value]).toEqual([false, null]);
  });

  it('remembers a dismissed offer for that version only, across restarts, and follows the channel setting', async () => {
    const platform = desktop('1.3.0');
    const first = updatesFor(platform);
    await first.check();
    first.dismiss();
    expect(first.offer.value).toBeNull();
    expect(platform.settings.get('update_dismissed')).toBe('1.4.0');

    const restarted = updatesFor(platform);
    await restarted.check();
    expect(restarted.policy.value?.update_available).toBe(true);
    expect(restarted.offer.value).toBeNull();

    // On the canary channel the latest is 1.5.0: a version not dismissed yet.
    platform.settings.set('update_channel', 'canary');
    await restarted.check();
    expect(restarted.offer.value).toMatchObject({ channel: 'canary', latest_version: '1.5.0' });
  });

  it('checks at start and then on every interval until stopped; a required update stops the checks', async () => {
    const platform = desktop('1.3.0');
    const updates = updatesFor(platform, 40);
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    updates.start();
    await until(() => expect(updateRequests(fetchSpy).length).toBeGreaterThanOrEqual(3));
    updates.stop();
    await new Promise((r) => setTimeout(r, 30)); // a check already on the wire may still land
    const stopped = updateRequests(fetchSpy).length;
    await new Promise((r) => setTimeout(r, 150));
    expect(updateRequests(fetchSpy).length).toBe(stopped);

    platform.version = '1.0.0';
    updates.start();
    await until(() => expect(updates.required.value).toBe(true));
    const count = updateRequests(fetchSpy).length;
    await new Promise((r) => setTimeout(r, 150));
    expect(updateRequests(fetchSpy).length).toBe(count);
    updates.start(); // nothing left to ask until the app is replaced
    expect(updateRequests(fetchSpy).length).toBe(count);
  });

  it('never checks in the browser (no app version: the server serves the current client)', async () => {
    const updates = updatesFor(desktop(null), 20);
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    updates.start();
    await new Promise((r) => setTimeout(r, 100));
    updates.stop();
    expect(updateRequests(fetchSpy)).toEqual([]);
  });

  it('tells an address that is not a messenger server (a web page, other JSON) from one that is unreachable', async () => {
    const page = await otherServer('text/html', '<!doctype html><title>Intranet portal</title>');
    const json = await otherServer('application/json', '{"status":"ok","version":"2.0"}');
    const closed = await otherServer('text/plain', '');
    await closed.close();
    try {
      const check = (url: string) => new Updates({ api: new Api(url), platform: desktop('1.3.0') }).check();
      await expect(check(page.url)).rejects.toBeInstanceOf(NotMessengerError);
      await expect(check(json.url)).rejects.toBeInstanceOf(NotMessengerError);
      const unreachable = await check(closed.url).catch((e: unknown) => e);
      expect(unreachable).toBeInstanceOf(ApiError);
      expect((unreachable as ApiError).isNetwork).toBe(true);
    } finally {
      await Promise.all([page.close(), json.close()]);
    }
  });
});

describe('updates in the running app', () => {
  it('checks as soon as a desktop session starts (here: restored at launch)', async () => {
    const me = await newUser(env.t);
    const platform = memoryPlatform(env.t.url, { server_url: env.t.url, device_token: me.deviceToken, device_name: 'Test Desktop' });
    platform.version = '1.3.0';
    const services = env.track(createServices(platform, { outboxKV: memoryKV() }));
    expect(await services.session.restore()).toBe(true);
    await until(() => expect(services.updates.offer.value?.latest_version).toBe('1.4.0'));
    expect(services.updates.required.value).toBe(false);
  });

  it('ends the socket and the stores, and a token refresh does not bring them back', async () => {
    const me = await newUser(env.t);
    const client = env.track(await startClient(env.t, me));
    const { services, platform } = client;
    expect(services.updates.policy.value).toBeNull(); // the memory platform has no version: no check
    platform.version = '1.0.0';
    await services.updates.check();
    expect(services.updates.required.value).toBe(true);
    await until(() => expect(services.realtime.status.value).toBe('disconnected'));
    expect(services.rooms.loaded.value).toBe(false);
    // The session is kept (the updated app restores it), and its refresh does not reconnect.
    expect(await services.session.refresh()).toBe(true);
    expect(services.session.state.value.status).toBe('authenticated');
    await new Promise((r) => setTimeout(r, 200));
    expect(services.realtime.status.value).toBe('disconnected');
  });
});
