import type { Browser, Dialog, Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { SCREENSHOT_DIR, launchBrowser, newUserContext, waitForAttr } from './browser.ts';
import { buildClient } from './client-build.ts';
import { PASSWORD, api, registerAndLogin } from './http.ts';
import type { TestServer } from './server.ts';
import { emitAck, connectSocket } from './socket.ts';
import { type ServerSuite, useServer } from './suite.ts';

/** The one setup of a browser e2e file: the real client (built as served) in headless Chromium
 * against a real server on loopback with a real libSQL database. The other people in a
 * conversation are real users too, driven over REST and raw socket.io clients. */

export interface E2EUser {
  userId: number;
  username: string;
  nickname: string;
  token: string;
}

export interface E2ESuite {
  env: ServerSuite;
  /** The built client's folder (CLIENT_DIR), for a second server inside a test. */
  readonly clientDir: string;
  readonly browser: Browser;
  /** A registered, logged-in user of `server` (default: the file's server). */
  newUser(nickname: string, server?: TestServer): Promise<E2EUser>;
  /** A raw socket.io client acting as `user` (another person in the conversation). */
  socketOf(user: E2EUser, server?: TestServer): Promise<Socket>;
  createRoom(owner: E2EUser, members: E2EUser[], name?: string): Promise<number>;
  /** A fresh browser profile (own cookies and storage), in English unless asked; what it does is
   * printed when a test fails. */
  newPage(locale?: 'en-US' | 'ko-KR'): Promise<Page>;
  openLogin(page: Page, url?: string): Promise<void>;
  /** Log in through the form and wait for the list and a connected socket. */
  loginViaUi(page: Page, username: string, server?: TestServer): Promise<void>;
}

export function useE2E(): E2ESuite {
  let clientDir: string | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    clientDir = await buildClient();
    browser = await launchBrowser();
  }, 120_000);
  const env = useServer(() => ({ env: { CLIENT_DIR: clientDir! } }));
  afterAll(async () => {
    await browser?.close();
    console.log(`\nscreenshots: ${SCREENSHOT_DIR}`);
  });

  // What each page did (requests, answers, failures, script errors), printed when a test fails:
  // a wait that times out then shows whether a request hung, failed, or the app threw.
  const activity = new Map<Page, string[]>();
  afterEach((ctx) => {
    if (ctx.task.result?.state !== 'fail') return;
    for (const [page, log] of activity) if (!page.isClosed()) console.log(`page activity (${page.url()}):\n${log.slice(-40).join('\n')}`);
  });

  const suite: E2ESuite = {
    env,
    get clientDir() {
      if (!clientDir) throw new Error('useE2E: the client is built in beforeAll');
      return clientDir;
    },
    get browser() {
      if (!browser) throw new Error('useE2E: the browser starts in beforeAll');
      return browser;
    },
    async newUser(nickname, server = env.t) {
      const u = await registerAndLogin(api(server.url), { nickname });
      return { userId: u.userId, username: u.username, nickname, token: u.accessToken };
    },
    async socketOf(user, server = env.t) {
      return env.track(await connectSocket(server.url, user.token, { lang: 'en' }));
    },
    async createRoom(owner, members, name) {
      const res = await api(env.t.url).post('/api/rooms', { name, members: members.map((m) => m.userId) }, { token: owner.token });
      if (res.status !== 200) throw new Error(`create room failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.room_id as number;
    },
    async newPage(locale = 'en-US') {
      const page = await (await newUserContext(suite.browser, locale)).newPage();
      const log: string[] = [];
      activity.set(page, log);
      const note = (line: string) => log.push(`${new Date().toISOString().slice(11, 23)} ${line}`);
      page.on('request', (r) => note(`→ ${r.method()} ${r.url()}`));
      page.on('response', (r) => note(`← ${r.status()} ${r.request().method()} ${r.url()}`));
      page.on('requestfailed', (r) => note(`✗ ${r.method()} ${r.url()} ${r.failure()?.errorText}`));
      page.on('pageerror', (e) => note(`pageerror: ${e.message}`));
      page.on('console', (m) => m.type() === 'error' && note(`console: ${m.text()}`));
      return page;
    },
    async openLogin(page, url = env.t.url) {
      await page.goto(url);
      await page.getByTestId('login-form').waitFor();
    },
    async loginViaUi(page, username, server = env.t) {
      await suite.openLogin(page, server.url);
      await page.getByTestId('login-username').fill(username);
      await page.getByTestId('login-password').fill(PASSWORD);
      await page.getByTestId('login-password').press('Enter');
      await page.getByTestId('room-list').waitFor();
      await waitForAttr(page.getByTestId('connection-status'), 'data-status', 'connected');
    },
  };
  return suite;
}

// ---- page helpers

/** Send a plaintext message as a raw socket; returns its id. */
export async function say(socket: Socket, roomId: number, content: string): Promise<number> {
  const ack = await emitAck(socket, 'send_message', { room_id: roomId, content, encrypted: false });
  if (!ack.ok) throw new Error(`send failed: ${JSON.stringify(ack)}`);
  return ack.message_id as number;
}

export const roomItem = (page: Page, roomId: number) => page.locator(`[data-testid="room-item"][data-room-id="${roomId}"]`);
export const roomIds = (page: Page) => page.getByTestId('room-item').evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.roomId)));
export const myStates = (page: Page) =>
  page.locator('[data-testid="message"][data-mine="true"]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.state));
export const focusedTestId = (page: Page) => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.testid ?? null);
export const focusedRoomId = (page: Page) => page.evaluate(() => Number((document.activeElement as HTMLElement | null)?.dataset.roomId ?? NaN));

/** Waits until `read()` returns `expected` (deep equality), polling; the last value in the error. */
export async function until<T>(read: () => Promise<T>, expected: T, timeout = 15_000): Promise<void> {
  const deadline = Date.now() + timeout;
  let last: T | undefined;
  for (;;) {
    last = await read();
    if (JSON.stringify(last) === JSON.stringify(expected)) return;
    if (Date.now() > deadline) throw new Error(`expected ${JSON.stringify(expected)}, last ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Every native dialog the page opens from now on (dismissed at once): the app asks in its own
 * dialogs, so a test expects this to stay empty. */
export function nativeDialogs(page: Page): string[] {
  const seen: string[] = [];
  page.on('dialog', (d: Dialog) => {
    seen.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  return seen;
}
