import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCREENSHOT_DIR, launchBrowser, newUserContext, screenshot, waitForAttr } from '../helpers/browser.ts';
import { buildClient } from '../helpers/client-build.ts';
import { uniqueName } from '../helpers/http.ts';
import { type TestServer, startTestServer } from '../helpers/server.ts';

/** The browser end to end: two users in two browser contexts against a real server. */
let clientDir: string;
let t: TestServer;
let browser: Browser;
const PASSWORD = 'Password123!';

beforeAll(async () => {
  clientDir = await buildClient();
  t = await startTestServer({ env: { CLIENT_DIR: clientDir }, keepData: true });
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
  fs.rmSync(t.dataDir, { recursive: true, force: true });
  console.log(`\nscreenshots: ${SCREENSHOT_DIR}`);
  const assets = path.join(clientDir, 'assets');
  const gz = fs.readdirSync(assets).filter((f) => /\.(js|css)$/.test(f)).reduce((n, f) => n + zlib.gzipSync(fs.readFileSync(path.join(assets, f))).length, 0);
  console.log(`client bundle (JS+CSS, gzip): ${(gz / 1024).toFixed(1)} kB`);
});

async function registerViaUi(page: Page, username: string, nickname: string): Promise<void> {
  await page.goto(t.url);
  await page.getByTestId('login-form').waitFor();
  await page.getByTestId('register-toggle').click();
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('register-nickname').fill(nickname);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('room-list').waitFor();
}

function lastMessage(page: Page) {
  return page.getByTestId('message').last();
}

describe('two users in the browser', () => {
  let alice: Page;
  let bob: Page;
  const aliceName = uniqueName('alice');
  const bobName = uniqueName('bob');
  const carolName = uniqueName('carol');
  let roomId: string;

  it('registers and logs in through the UI', async () => {
    alice = await (await newUserContext(browser)).newPage();
    bob = await (await newUserContext(browser, 'en-US')).newPage();
    await screenshotLogin(alice);
    await registerViaUi(alice, aliceName, '앨리스');
    await registerViaUi(bob, bobName, 'Bob');
    // A third member: a room of exactly two people is a direct chat (origin rule).
    const carol = await (await newUserContext(browser)).newPage();
    await registerViaUi(carol, carolName, 'Carol');
    await carol.context().close();
    await waitForAttr(alice.getByTestId('connection-status'), 'data-status', 'connected');
  });

  it('creates a group by picking people, and the first room renders quickly', async () => {
    await alice.getByTestId('new-group').click();
    await alice.getByTestId('user-picker').waitFor();
    for (const name of ['Bob', 'Carol']) {
      await alice.getByTestId('user-picker').locator('input').first().fill(name);
      await alice.locator('[data-testid="user-option"]', { hasText: name }).first().click();
    }
    await alice.getByTestId('group-name').fill('프로젝트 팀');
    await alice.getByTestId('create-room-submit').click();
    await alice.getByTestId('chat-view').waitFor();
    const item = alice.getByTestId('room-item').filter({ hasText: '프로젝트 팀' });
    await item.waitFor();
    roomId = (await item.getAttribute('data-room-id'))!;
    expect(Number(roomId)).toBeGreaterThan(0);
    // Bob sees the new room live.
    await bob.locator(`[data-testid="room-item"][data-room-id="${roomId}"]`).waitFor();
  });

  it('A sends, B sees it live with an unread badge, and the badge clears when B reads', async () => {
    await alice.getByTestId('composer').fill('안녕하세요, 밥!');
    await alice.getByTestId('composer').press('Enter');
    await waitForAttr(lastMessage(alice), 'data-state', 'sent');
    const bobRoom = bob.locator(`[data-testid="room-item"][data-room-id="${roomId}"]`);
    await bobRoom.getByTestId('unread-badge').waitFor();
    expect(await bobRoom.getByTestId('unread-badge').innerText()).toBe('1');
    await bobRoom.click();
    await bob.getByTestId('message').filter({ hasText: '안녕하세요, 밥!' }).waitFor();
    await bobRoom.getByTestId('unread-badge').waitFor({ state: 'detached' });
    // And the server agrees: the unread count is 0 after a reload of the list.
    await bob.getByTestId('composer').fill('Hi Alice! Shift+Enter makes');
    await bob.getByTestId('composer').press('Shift+Enter');
    await bob.getByTestId('composer').type('a new line.');
    await bob.getByTestId('send-button').click();
    await alice.getByTestId('message').filter({ hasText: 'a new line.' }).waitFor();
    await screenshot(alice, 'chat-light-ko');
    await screenshot(bob, 'chat-en');
  });

  it('reload restores the session without the login form', async () => {
    await bob.reload();
    await bob.getByTestId('room-list').waitFor();
    expect(await bob.getByTestId('login-form').count()).toBe(0);
    await bob.locator(`[data-testid="room-item"][data-room-id="${roomId}"]`).click();
    await bob.getByTestId('message').filter({ hasText: '안녕하세요, 밥!' }).waitFor();
  });

  it('a message typed while the server is down is delivered once it is back, exactly once', async () => {
    const port = Number(new URL(t.url).port);
    await t.server.close();
    await waitForAttr(alice.getByTestId('connection-status'), 'data-status', 'connected', { not: true });
    await alice.getByTestId('composer').fill('offline message');
    await alice.getByTestId('composer').press('Enter');
    await waitForAttr(lastMessage(alice), 'data-state', 'sent', { not: true });
    await screenshot(alice, 'chat-pending');
    t = await startTestServer({ env: { CLIENT_DIR: clientDir }, dataDir: t.dataDir, keepData: true, port });
    const back = Date.now();
    await waitForAttr(lastMessage(alice), 'data-state', 'sent', { timeout: 30_000 });
    console.log(`offline message delivered ${Date.now() - back} ms after the server came back`);
    await bob.getByTestId('message').filter({ hasText: 'offline message' }).waitFor({ timeout: 30_000 });
    const rows = await t.server.db.execute({ sql: 'SELECT COUNT(*) AS n FROM messages WHERE room_id = ? AND sender_id IS NOT NULL AND message_type = ?', args: [Number(roomId), 'text'] });
    expect(Number(rows.rows[0]!.n)).toBe(3);
    expect(await bob.getByTestId('message').filter({ hasText: 'offline message' }).count()).toBe(1);
  }, 90_000);

  it('logs in and renders the first room fast (figure printed)', async () => {
    const page = await (await newUserContext(browser)).newPage();
    await page.goto(t.url);
    await page.getByTestId('login-form').waitFor();
    await page.getByTestId('login-username').fill(bobName);
    await page.getByTestId('login-password').fill(PASSWORD);
    const started = Date.now();
    await page.getByTestId('login-submit').click();
    await page.locator(`[data-testid="room-item"][data-room-id="${roomId}"]`).click();
    await page.getByTestId('message').filter({ hasText: 'offline message' }).waitFor();
    const ms = Date.now() - started;
    console.log(`first room rendered ${ms} ms after the login click (login + room list + open + messages)`);
    expect(ms).toBeGreaterThan(0);
    await page.context().close();
  });

  it('has a dark theme', async () => {
    await alice.getByTestId('menu-button').click();
    await alice.getByTestId('theme-select').selectOption('dark');
    await alice.getByTestId('menu-button').click();
    await screenshot(alice, 'chat-dark-ko');
  });
});

async function screenshotLogin(page: Page): Promise<void> {
  await page.goto(t.url);
  await page.getByTestId('login-form').waitFor();
  await screenshot(page, 'login');
}
