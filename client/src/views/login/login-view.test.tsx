// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { memoryKV } from '../../chat/outbox.ts';
import { locale } from '../../i18n/index.ts';
import { type AppServices, createServices } from '../../services.ts';
import { useDomRoot } from '../../testing/dom-root.ts';
import { type MemoryPlatform, memoryPlatform } from '../../testing/memory-platform.ts';
import { ServicesContext } from '../context.ts';
import { LoginView } from './login-view.tsx';

/** The desktop login screen (the browser's, without the server field, runs in tests/e2e). The
 * network is a stub here: what matters is which requests the form makes, and what it says. */
const root = useDomRoot();
const flush = () => act(() => new Promise<void>((r) => setTimeout(r, 20)));
const input = (testId: string) => root().querySelector<HTMLInputElement>(`[data-testid=${testId}]`)!;
const errorShown = () => root().querySelector('[data-testid=login-error]')?.textContent ?? null;

function type(testId: string, value: string) {
  const el = input(testId);
  el.value = value;
  el.dispatchEvent(new Event('input', { bubbles: true }));
}

async function submit(server: string) {
  type('login-server', server);
  type('login-username', 'kim');
  type('login-password', 'Password123!');
  await flush(); // rendered with what was typed, as between keystrokes
  await act(() => input('login-password').form!.requestSubmit());
  await flush();
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const policy = { channel: 'stable', desktop_only_mode: false, minimum_version: '1.0.0', latest_version: '1.0.0', download_url: '', release_notes_url: '', client_version: '1.0.0', update_available: false, force_update: false };

let platform: MemoryPlatform;
let services: AppServices;
let requests: string[];
let answer: (url: URL) => Response | Promise<Response>;
beforeEach(() => {
  locale.value = 'en';
  requests = [];
  vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
    requests.push(`${init?.method ?? 'GET'} ${url}`);
    return answer(new URL(url));
  });
  platform = memoryPlatform('http://127.0.0.1:5000');
  platform.version = '1.0.0';
});
afterEach(() => {
  services.dispose();
  vi.unstubAllGlobals();
  locale.value = 'ko';
});

function show() {
  services = createServices(platform, { outboxKV: memoryKV() });
  render(
    <ServicesContext.Provider value={services}>
      <LoginView />
    </ServicesContext.Provider>,
    root(),
  );
}

describe('the desktop login screen', () => {
  it('has the username focused under the server field, with the password next in Tab order', async () => {
    show();
    await flush();
    expect(input('login-server').value).toBe('http://127.0.0.1:5000'); // the remembered one
    expect(document.activeElement).toBe(input('login-username'));
    const tabbable = [...root().querySelectorAll<HTMLElement>('input, button')].filter((el) => el.tabIndex >= 0).map((el) => el.dataset.testid);
    expect(tabbable.slice(0, 3)).toEqual(['login-server', 'login-username', 'login-password']);
  });

  it('says an address is not a URL before any request', async () => {
    show();
    for (const bad of ['chat.example.com', 'ftp://chat.example.com']) {
      await submit(bad);
      expect(errorShown()).toBe('Enter the server address as a full URL, such as https://chat.example.com.');
    }
    expect(requests).toEqual([]);
  });

  it('says when no messenger server answers at the address: nothing there, or another web server', async () => {
    show();
    answer = () => Promise.reject(new TypeError('Failed to fetch'));
    await submit('http://10.1.2.3:5000/');
    expect(errorShown()).toBe('Cannot reach a messenger server at http://10.1.2.3:5000. Check the address and the network.');
    answer = () => new Response('<!doctype html><title>Portal</title>', { status: 200, headers: { 'content-type': 'text/html' } });
    await submit('https://portal.example.com');
    expect(errorShown()).toBe('Cannot reach a messenger server at https://portal.example.com. Check the address and the network.');
    answer = () => json({ error: 'Not Found' }, 404);
    await submit('https://www.example.com/app');
    expect(errorShown()).toBe('Cannot reach a messenger server at https://www.example.com/app. Check the address and the network.');
    // Only the probe each time: no login was attempted.
    expect(requests.map((r) => r.replace(/\?.*/, ''))).toEqual([
      'GET http://10.1.2.3:5000/api/client/update',
      'GET https://portal.example.com/api/client/update',
      'GET https://www.example.com/app/api/client/update',
    ]);
  });

  it('logs in at a messenger server, showing its own errors, and stops at a version it no longer supports', async () => {
    show();
    answer = (url) =>
      url.pathname === '/api/client/update'
        ? json(policy)
        : json({ error: 'bad credentials', error_code: 'AUTH_INVALID_CREDENTIALS', error_localized: 'Wrong username or password.' }, 401);
    await submit('https://chat.example.com/');
    expect(errorShown()).toBe('Wrong username or password.');
    expect(requests.map((r) => r.replace(/\?.*/, ''))).toEqual(['GET https://chat.example.com/api/client/update', 'POST https://chat.example.com/api/device-sessions']);
    expect(new URL(requests[0]!.slice(4)).searchParams.get('client_version')).toBe('1.0.0');

    requests = [];
    answer = () => json({ ...policy, minimum_version: '2.0.0', latest_version: '2.0.0', force_update: true });
    await submit('https://chat.example.com');
    expect(requests.map((r) => r.replace(/\?.*/, ''))).toEqual(['GET https://chat.example.com/api/client/update']);
    expect(services.updates.required.value).toBe(true); // <App> shows the update screen
  });
});

describe('the launcher’s --server', () => {
  it('presets the address over the remembered one, and is remembered once logged in', async () => {
    platform.launchServer = 'http://127.0.0.1:9/';
    show();
    await flush();
    expect(input('login-server').value).toBe('http://127.0.0.1:9/');
    expect(errorShown()).toBeNull();
    expect(document.activeElement).toBe(input('login-username'));
    const user = { id: 7, username: 'kim', nickname: 'Kim', profile_image: null };
    answer = (url) => {
      if (url.pathname === '/api/client/update') return json(policy);
      if (url.pathname === '/api/device-sessions') {
        const expires = new Date(Date.now() + 600_000).toISOString();
        return json({ access_ok: true, device_token: 'dt', expires_at: expires, user, remember: true, access_token: 'at', access_expires_at: expires, csrf_token: 'c', device_session_id: 3 });
      }
      return json([]);
    };
    await submit(input('login-server').value);
    expect(services.session.state.value).toMatchObject({ status: 'authenticated', user: { id: 7 } });
    expect(platform.settings.get('server_url')).toBe('http://127.0.0.1:9');
    expect(platform.stored?.server_url).toBe('http://127.0.0.1:9');
  });

  it('says so at once when it is not a URL', async () => {
    platform.launchServer = 'chat.example.com';
    show();
    await flush();
    expect(input('login-server').value).toBe('chat.example.com');
    expect(errorShown()).toBe('Enter the server address as a full URL, such as https://chat.example.com.');
  });

  it('wins over a session kept for another server: the login screen comes, the kept token stays', async () => {
    const kept = { server_url: 'http://10.0.0.9:5000', device_token: 'old', device_name: 'Test Desktop' };
    platform = memoryPlatform('http://10.0.0.9:5000', kept);
    platform.launchServer = 'https://chat.example.com';
    services = createServices(platform, { outboxKV: memoryKV() });
    expect(await services.session.restore()).toBe(false);
    expect(services.session.state.value.status).toBe('anonymous');
    expect(requests).toEqual([]);
    expect(platform.stored).toEqual(kept);
  });
});
