import type { BrowserContext, Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { beforeAll, describe, expect, it } from 'vitest';
import { errorSpec } from '../../protocol/errors/index.ts';
import { clientCatalog } from '../../protocol/i18n/client.ts';
import { screenshot, waitForAttr } from '../helpers/browser.ts';
import { type E2EUser as User, focusedRoomId, focusedTestId, myStates, nativeDialogs, roomIds, roomItem, say, until, useE2E } from '../helpers/e2e.ts';
import { PASSWORD, api, uniqueName } from '../helpers/http.ts';
import { startTestServer } from '../helpers/server.ts';
import { collect, emitAck, nextEvent } from '../helpers/socket.ts';

/** The views, end to end (tests/helpers/e2e.ts: the built client in headless Chromium against a
 * real server).
 *
 * Not covered here: the login form's server-URL and device-name fields. They exist only on the
 * Neutralino platform (desktop); the browser build never shows them (checked below). Their
 * behaviour is tested on the memory platform in client/src/views/login/login-view.test.tsx and in
 * the real runtime in tests/desktop/, the update screens in client/src/views/updates/. */

const e2e = useE2E();
const { env, newUser, socketOf, createRoom, newPage, openLogin, loginViaUi } = e2e;
const en = clientCatalog.en;
const tag = String(process.pid % 100_000);

// ---- session states

describe('session states', () => {
  it('restores a kept session behind a splash, without ever showing the login form', async () => {
    const me = await newUser(`Kept ${tag}`);
    const page = await newPage();
    await loginViaUi(page, me.username);
    // Record every splash and login form that enters the DOM from the first script on (mutation
    // records, so even one inserted and removed within a task is seen).
    await page.addInitScript(() => {
      const seen = { splash: 0, login: 0 };
      (window as unknown as { seen: typeof seen }).seen = seen;
      const check = (n: Node) => {
        if (!(n instanceof Element)) return;
        if (n.matches('.splash') || n.querySelector('.splash')) seen.splash++;
        if (n.matches('[data-testid=login-form]') || n.querySelector('[data-testid=login-form]')) seen.login++;
      };
      new MutationObserver((records) => records.forEach((r) => r.addedNodes.forEach(check))).observe(document, { childList: true, subtree: true });
    });
    await page.reload();
    await page.getByTestId('room-list').waitFor();
    const seen = await page.evaluate(() => (window as unknown as { seen: { splash: number; login: number } }).seen);
    expect(seen.splash).toBeGreaterThan(0);
    expect(seen.login).toBe(0);
    expect(await page.locator('.splash').count()).toBe(0);
  });

  it('logs in with the Enter key and shows the server’s localised error for a wrong password', async () => {
    const me = await newUser(`Login ${tag}`);
    const page = await newPage();
    await openLogin(page);
    await screenshot(page, 'views-login-en');
    // The browser talks to the server that served it: no server or device-name field.
    expect(await page.getByTestId('login-server').count()).toBe(0);
    expect(await page.getByTestId('login-device-name').count()).toBe(0);
    expect(await page.getByRole('heading').innerText()).toBe(en['login.title']);
    expect(await page.getByTestId('login-remember').isChecked()).toBe(true); // kept signed in unless unticked

    // The keyboard alone: the username has the focus, Tab reaches the password, Enter submits.
    await until(() => focusedTestId(page), 'login-username');
    await page.keyboard.type(me.username);
    await page.keyboard.press('Tab');
    expect(await focusedTestId(page)).toBe('login-password');
    await page.keyboard.type('not-the-password');
    await page.keyboard.press('Enter');
    await page.getByTestId('login-error').waitFor();
    expect(await page.getByTestId('login-error').innerText()).toBe(errorSpec('AUTH_INVALID_CREDENTIALS').en);
    await screenshot(page, 'views-login-error-en');
    expect(await page.getByTestId('room-list').count()).toBe(0);

    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-password').press('Enter');
    await page.getByTestId('room-list').waitFor();
    expect(await page.getByTestId('my-nickname').innerText()).toBe(me.nickname);
    expect(await page.getByTestId('login-error').count()).toBe(0);
  });

  it('registers with pending approval on a server without self-registration, and logs in once approved', async () => {
    const closed = await startTestServer({ env: { CLIENT_DIR: e2e.clientDir, ALLOW_SELF_REGISTER: 'false' } });
    let page: Page | undefined;
    try {
      // The first user of a server is its platform admin, approved at once.
      const admin = await newUser('Admin', closed);
      page = await newPage();
      await openLogin(page, closed.url);
      await page.getByTestId('register-toggle').click();
      const username = uniqueName('pend');
      await page.getByTestId('login-username').fill(username);
      await page.getByTestId('login-password').fill(PASSWORD);
      await page.getByTestId('register-nickname').fill('Pending Kim');
      await page.getByTestId('login-submit').click();
      await page.getByTestId('login-notice').waitFor();
      expect(await page.getByTestId('login-notice').innerText()).toBe(en['register.pending']);
      await screenshot(page, 'views-register-pending-en');
      // Back on the login form, not logged in, the password cleared.
      expect(await page.getByTestId('register-nickname').count()).toBe(0);
      expect(await page.getByTestId('room-list').count()).toBe(0);
      expect(await page.getByTestId('login-password').inputValue()).toBe('');
      const row = await closed.server.db.execute({ sql: 'SELECT id, approval_status FROM users WHERE username = ?', args: [username] });
      expect(row.rows[0]!.approval_status).toBe('pending');

      // Logging in while pending: the server says why.
      await page.getByTestId('login-password').fill(PASSWORD);
      await page.getByTestId('login-password').press('Enter');
      await page.getByTestId('login-error').waitFor();
      expect(await page.getByTestId('login-error').innerText()).toBe(errorSpec('AUTH_ACCOUNT_PENDING').en);

      // Approved by the admin: the same form logs in.
      const approved = await api(closed.url).post('/api/admin/users/approve', { user_id: Number(row.rows[0]!.id), action: 'approve' }, { token: admin.token });
      expect(approved.status).toBe(200);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('room-list').waitFor();
      expect(await page.getByTestId('my-nickname').innerText()).toBe('Pending Kim');
    } finally {
      await page?.context().close();
      await closed.close();
    }
  });
});

// ---- the main layout: list, keyboard, groups, language, a huge room

describe('room list, keyboard, groups and language', () => {
  let page: Page;
  let me: User;
  let park: User;
  let lee: User;
  let choi: User;
  let design: number;
  let direct: number;
  let ops: number;
  /** In these people's names only (usernames are letters-digits-underscore without an x). */
  const mark = `x${tag}`;

  beforeAll(async () => {
    me = await newUser(`Me ${mark}`);
    park = await newUser(`Park ${mark}`);
    lee = await newUser(`Lee ${mark}`);
    choi = await newUser(`Choi ${mark}`);
    // Ops: a group nobody wrote in yet. Design: pinned, three unread messages from Park.
    // The direct room with Park: my own last message, so nothing unread.
    ops = await createRoom(me, [park, lee], `Ops ${tag}`);
    design = await createRoom(me, [park, lee], `Design ${tag}`);
    direct = await createRoom(me, [park]);
    const parkSocket = await socketOf(park);
    for (const n of [1, 2, 3]) await say(parkSocket, design, `design note ${n}`);
    await say(await socketOf(me), direct, 'see you');
    expect((await api(env.t.url).post(`/api/rooms/${design}/pin-room`, { pinned: true }, { token: me.token })).status).toBe(200);
    page = await newPage();
    await loginViaUi(page, me.username);
  }, 60_000);

  it('lists rooms pinned first, then by last message, then empty ones, with names, previews and badges', async () => {
    await until(() => roomIds(page), [design, direct, ops]);
    expect(await roomItem(page, direct).innerText()).toContain(park.nickname); // a direct room shows the partner
    expect(await roomItem(page, direct).innerText()).toContain('see you');
    expect(await roomItem(page, ops).innerText()).toContain(en['rooms.empty_preview']); // placeholder in the UI language
    expect(await roomItem(page, design).innerText()).toContain('design note 3');
    expect(await page.getByTestId('unread-badge').allInnerTexts()).toEqual(['3']);
    expect(await roomItem(page, design).getByTestId('unread-badge').count()).toBe(1);
    expect(await page.getByTestId('connection-status').getAttribute('data-status')).toBe('connected');
  });

  it('filters by name or preview', async () => {
    await page.getByTestId('room-filter').fill('see');
    await until(() => roomIds(page), [direct]);
    await page.getByTestId('room-filter').fill(`ops ${tag}`);
    await until(() => roomIds(page), [ops]);
    await page.getByTestId('room-filter').fill('nothing like this');
    await until(() => roomIds(page), []);
    await page.getByTestId('room-filter').fill('');
    await until(() => roomIds(page), [design, direct, ops]);
  });

  it('moves through the list with Up/Down, opens with Enter, and reading clears the badge', async () => {
    await page.getByTestId('room-filter').focus();
    await page.keyboard.press('ArrowDown');
    await until(() => focusedRoomId(page), design);
    await page.keyboard.press('ArrowDown');
    await until(() => focusedRoomId(page), direct);
    await page.keyboard.press('ArrowDown');
    await until(() => focusedRoomId(page), ops);
    await page.keyboard.press('ArrowUp');
    await until(() => focusedRoomId(page), direct);
    await page.keyboard.press('Enter');
    await waitForAttr(page.getByTestId('chat-view'), 'data-room-id', String(direct));
    expect(await page.getByTestId('chat-title').innerText()).toContain(park.nickname);
    await page.getByTestId('message').filter({ hasText: 'see you' }).waitFor();

    // Alt+Up/Down from anywhere (here: the composer, which has the focus) opens the neighbour.
    await until(() => focusedTestId(page), 'composer');
    await page.keyboard.press('Alt+ArrowUp');
    await waitForAttr(page.getByTestId('chat-view'), 'data-room-id', String(design));
    await page.getByTestId('message').filter({ hasText: 'design note 3' }).waitFor();
    // Opening it read it: the badge goes, and the server agrees.
    await roomItem(page, design).getByTestId('unread-badge').waitFor({ state: 'detached' });
    await until(async () => {
      const rooms = await api(env.t.url).get('/api/rooms', { token: me.token });
      return (rooms.body as Array<{ id: number; unread_count: number }>).find((r) => r.id === design)?.unread_count;
    }, 0);
    await page.keyboard.press('Alt+ArrowDown');
    await waitForAttr(page.getByTestId('chat-view'), 'data-room-id', String(direct));
    await page.keyboard.press('Alt+ArrowDown');
    await waitForAttr(page.getByTestId('chat-view'), 'data-room-id', String(ops));
    await until(() => focusedTestId(page), 'composer'); // an opened room focuses its composer

    // Ctrl+K goes to the filter; Enter there opens the first match; Escape clears it.
    await page.keyboard.press('Control+k');
    await until(() => focusedTestId(page), 'room-filter');
    await page.keyboard.type('see');
    await until(() => roomIds(page), [direct]);
    await screenshot(page, 'views-room-filter-en');
    await page.keyboard.press('Enter');
    await waitForAttr(page.getByTestId('chat-view'), 'data-room-id', String(direct));
    await until(() => focusedTestId(page), 'composer');
    await page.getByTestId('room-filter').press('Escape');
    await until(() => roomIds(page), [design, direct, ops]);
  });

  it('switches to the open room with Ctrl+K and Enter, back in its composer, where Enter sends', async () => {
    // The first match is the room already open: nothing re-mounts, the composer still takes the keys.
    await page.keyboard.press('Control+k');
    await page.keyboard.type('see');
    await until(() => roomIds(page), [direct]);
    await page.keyboard.press('Enter');
    await until(() => focusedTestId(page), 'composer');
    await page.keyboard.type('typed after Ctrl+K');
    await page.keyboard.press('Enter');
    await page.getByTestId('message').filter({ hasText: 'typed after Ctrl+K' }).waitFor();
    expect(await page.getByTestId('chat-view').getAttribute('data-room-id')).toBe(String(direct));
    await page.getByTestId('room-filter').fill('');
  });

  it('closes a dialog with Escape wherever its focus is, and keeps the page’s shortcuts out while it is open', async () => {
    const dialog = page.getByTestId('new-room-dialog');
    await page.getByTestId('new-group').click();
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await until(() => focusedTestId(page), 'new-group'); // focus back where it was

    // A click on the dialog's text (nothing focusable there), then Escape.
    await page.getByTestId('new-group').click();
    await dialog.locator('h2').click();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    // Ctrl+K and Alt+Down do not act behind the modal.
    await page.getByTestId('new-group').click();
    await dialog.waitFor();
    const open = await page.getByTestId('chat-view').getAttribute('data-room-id');
    await page.keyboard.press('Control+k');
    await page.keyboard.press('Alt+ArrowDown');
    expect(await focusedTestId(page)).not.toBe('room-filter');
    expect(await page.getByTestId('chat-view').getAttribute('data-room-id')).toBe(open);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('uses ⌘K on macOS, where Ctrl+K stays the text fields’ own', async () => {
    const mac = await page.context().newPage();
    await mac.addInitScript(() => Object.defineProperty(Navigator.prototype, 'platform', { get: () => 'MacIntel' }));
    try {
      await mac.goto(env.t.url);
      await mac.getByTestId('room-list').waitFor();
      expect(await mac.getByTestId('room-filter').getAttribute('aria-keyshortcuts')).toBe('Meta+K');
      await mac.getByTestId('new-direct').focus();
      await mac.keyboard.press('Control+k');
      expect(await focusedTestId(mac)).toBe('new-direct');
      await mac.keyboard.press('Meta+k');
      await until(() => focusedTestId(mac), 'room-filter');
    } finally {
      await mac.close();
    }
  });

  it('creates a group from people picked by name', async () => {
    await page.getByTestId('new-group').click();
    await page.getByTestId('user-picker').waitFor();
    await page.getByTestId('group-name').fill(`Launch ${tag}`);
    // Everyone on the server is listed; narrow to this suite's people, sorted by name.
    await page.getByTestId('user-picker').locator('input').fill(mark);
    await until(() => page.getByTestId('user-option').evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.userId))), [choi.userId, lee.userId, park.userId]);
    await page.locator(`[data-testid="user-option"][data-user-id="${lee.userId}"]`).click();
    // A group needs two people besides me.
    expect(await page.getByTestId('create-room-submit').isDisabled()).toBe(true);
    await page.locator(`[data-testid="user-option"][data-user-id="${park.userId}"]`).click();
    expect(await page.getByTestId('create-room-submit').isDisabled()).toBe(false);
    await screenshot(page, 'views-new-group-en');
    await page.getByTestId('create-room-submit').click();
    await page.getByTestId('user-picker').waitFor({ state: 'detached' });
    const item = page.getByTestId('room-item').filter({ hasText: `Launch ${tag}` });
    await item.waitFor();
    const launch = Number(await item.getAttribute('data-room-id'));
    await waitForAttr(page.getByTestId('chat-view'), 'data-room-id', String(launch)); // the new room is open
    const info = await api(env.t.url).get(`/api/rooms/${launch}/info`, { token: me.token });
    expect(info.body.type).toBe('group');
    expect((info.body.members as Array<{ id: number }>).map((m) => m.id).sort((a, b) => a - b)).toEqual([me.userId, lee.userId, park.userId].sort((a, b) => a - b));
  });

  it('switches the language from the menu, and every visible string follows', async () => {
    const ko = clientCatalog.ko;
    await page.getByTestId('menu-button').click();
    await page.getByTestId('language-select').selectOption('ko');
    await until(async () => (await page.getByTestId('new-group').innerText()).trim(), ko['rooms.new_group']);
    expect(await page.getByTestId('room-filter').getAttribute('placeholder')).toBe(ko['rooms.filter']);
    expect((await page.getByTestId('logout').innerText()).trim()).toBe(ko['logout']);
    expect(await roomItem(page, ops).innerText()).toContain(ko['rooms.empty_preview']);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ko');
    await screenshot(page, 'views-main-ko');
    // Kept across a reload.
    await page.reload();
    await page.getByTestId('room-list').waitFor();
    expect((await page.getByTestId('new-group').innerText()).trim()).toBe(ko['rooms.new_group']);
    await page.getByTestId('menu-button').click();
    await page.getByTestId('language-select').selectOption('en');
    await until(async () => (await page.getByTestId('new-group').innerText()).trim(), en['rooms.new_group']);
    await page.getByTestId('menu-button').click();
  });

  it('renders a 10,000-message room with at most 200 message nodes, also after paging back', async () => {
    const archive = await createRoom(park, [me, lee], `Archive ${tag}`);
    // Written server-side through the real writer (group commits), not one socket event each.
    const writer = env.t.server.writer;
    const words = 'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor'.split(' ');
    for (let batch = 0; batch < 10; batch++) {
      await Promise.all(
        Array.from({ length: 1000 }, (_, i) => {
          const n = batch * 1000 + i + 1;
          const content = `#${n} ${words.slice(0, 1 + (n % words.length)).join(' ')}`.repeat(1 + (n % 3));
          return writer.write({ roomId: archive, senderId: n % 4 === 0 ? lee.userId : park.userId, content, encrypted: false, type: 'text' });
        }),
      );
    }
    const newest = Number((await env.t.server.db.execute({ sql: 'SELECT MAX(id) AS id, COUNT(*) AS n FROM messages WHERE room_id = ?', args: [archive] })).rows[0]!.id);
    const olderPages: string[] = [];
    page.on('request', (r) => r.url().includes(`/api/rooms/${archive}/messages`) && r.url().includes('before_id=') && olderPages.push(r.url()));

    await roomItem(page, archive).click();
    await waitForAttr(page.getByTestId('chat-view'), 'data-room-id', String(archive));
    const messages = page.getByTestId('message');
    await page.locator(`[data-testid="message"][data-message-id="${newest}"]`).waitFor();
    const renderedIds = () => messages.evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.messageId)));
    expect(await messages.count()).toBeGreaterThan(0);
    expect(await messages.count()).toBeLessThanOrEqual(200);
    expect((await renderedIds()).at(-1)).toBe(newest); // opened at the bottom
    await screenshot(page, 'views-room-10k-bottom-en');

    // Page back: each scroll to the top loads one older page (before_id), prepended in place.
    const counts: number[] = [];
    let beforeId = newest;
    for (let i = 0; i < 8; i++) {
      const older = page.waitForRequest((r) => r.url().includes(`/api/rooms/${archive}/messages`) && r.url().includes('before_id='), { timeout: 15_000 });
      await page.getByTestId('message-list').evaluate((el) => el.scrollTo({ top: 0 }));
      beforeId = Number(new URL((await older).url()).searchParams.get('before_id'));
      // Merged and drawn: messages older than the page's before_id are on screen.
      await page.waitForFunction(
        (below) =>
          document.querySelector('.loading-older') === null &&
          Array.from(document.querySelectorAll<HTMLElement>('[data-testid=message]')).some((e) => Number(e.dataset.messageId) < below),
        beforeId,
        { timeout: 15_000 },
      );
      counts.push(await messages.count());
    }
    await screenshot(page, 'views-room-10k-paged-en');
    console.log(`10k room: message nodes after each older page: ${counts.join(', ')}; last page before #${beforeId} of #${newest}; older pages requested: ${olderPages.length}`);
    // Everything from the last page's before_id to the newest was loaded before that page came
    // (400 messages: nine pages of 50 with it), yet the DOM holds at most 200 message nodes.
    expect(newest - beforeId + 1).toBeGreaterThan(200);
    for (const n of counts) expect(n).toBeLessThanOrEqual(200);
    expect(await messages.count()).toBeLessThanOrEqual(200);
    // One page per scroll to the top: the view stays where it was, so it does not page back by itself.
    expect(olderPages.length).toBe(8);
  }, 180_000);
});

// ---- the chat: typing, sending, pending, failed, retry, logout with unsent messages

describe('chat: typing, sending and failures', () => {
  let context: BrowserContext;
  let page: Page;
  let me: User;
  let park: User;
  let lee: User;
  let parkSocket: Socket;
  let room: number;

  beforeAll(async () => {
    me = await newUser(`Sender ${tag}`);
    park = await newUser(`Owner ${tag}`);
    lee = await newUser(`Third ${tag}`);
    room = await createRoom(park, [me, lee], `Team ${tag}`);
    parkSocket = await socketOf(park);
    await say(parkSocket, room, 'hello from the owner');
    page = await newPage();
    context = page.context();
    await loginViaUi(page, me.username);
    await roomItem(page, room).click();
    await page.getByTestId('message').filter({ hasText: 'hello from the owner' }).waitFor();
  }, 60_000);

  it('shows the typing line while someone else types', async () => {
    expect(await page.getByTestId('typing-indicator').count()).toBe(0);
    expect((await emitAck(parkSocket, 'typing', { room_id: room, is_typing: true })).ok).toBe(true);
    await page.getByTestId('typing-indicator').waitFor();
    expect(await page.getByTestId('typing-indicator').innerText()).toContain(en['typing.one'].replace('{name}', park.nickname));
    await screenshot(page, 'views-chat-typing-en');
    expect((await emitAck(parkSocket, 'typing', { room_id: room, is_typing: false })).ok).toBe(true);
    await page.getByTestId('typing-indicator').waitFor({ state: 'detached' });
  });

  it('tells the others I am typing, sends with Enter (Shift+Enter breaks the line) and shows who has not read it', async () => {
    const typing = collect<{ user_id: number; is_typing: boolean }>(parkSocket, 'user_typing');
    const composer = page.getByTestId('composer');
    await composer.fill('hello there');
    await until(async () => typing.some((e) => e.user_id === me.userId && e.is_typing), true);
    await composer.press('Shift+Enter');
    expect(await composer.inputValue()).toBe('hello there\n'); // a new line, not a send
    expect(await myStates(page)).toEqual([]);
    const delivered = nextEvent<{ id: number; sender_id: number; encrypted: number | boolean }>(parkSocket, 'new_message', (m) => m.sender_id === me.userId, 15_000);
    await composer.press('Enter');
    await until(() => myStates(page), ['sent']);
    expect(await composer.inputValue()).toBe('');
    expect((await delivered).encrypted).toBeTruthy(); // sealed with the room key
    await until(async () => typing.some((e) => e.user_id === me.userId && !e.is_typing), true);
    // Two others in the room, neither has read it.
    const mine = page.locator('[data-testid="message"][data-mine="true"]');
    expect(await mine.innerText()).toContain('hello there');
    await until(() => mine.locator('.msg-unread').innerText(), '2');
    // Park reads it: one left.
    await emitAck(parkSocket, 'message_read', { room_id: room, message_id: Number(await mine.getAttribute('data-message-id')) });
    await until(() => mine.locator('.msg-unread').innerText(), '1');
  });

  it('keeps a message pending while offline, and fails it with the server’s reason when the room refuses it', async () => {
    await context.setOffline(true);
    await waitForAttr(page.getByTestId('connection-status'), 'data-status', 'connected', { not: true, timeout: 20_000 });
    await page.getByTestId('composer').fill('written offline');
    await page.getByTestId('composer').press('Enter');
    await until(() => myStates(page), ['sent', 'pending']);
    await screenshot(page, 'views-chat-pending-en');
    // Meanwhile the owner removes me from the room.
    expect((await api(env.t.url).del(`/api/rooms/${room}/members/${me.userId}`, undefined, { token: park.token })).status).toBe(200);
    await context.setOffline(false);
    await waitForAttr(page.getByTestId('connection-status'), 'data-status', 'connected', { timeout: 30_000 });
    // Back online, the pipeline delivers; the server refuses; the bubble says why and offers Retry.
    await until(() => myStates(page), ['sent', 'failed'], 30_000);
    const failed = page.locator('[data-testid="message"][data-state="failed"]');
    expect(await failed.innerText()).toContain('written offline');
    expect(await failed.innerText()).toContain(errorSpec('ROOM_ACCESS_DENIED').en);
    await failed.getByTestId('retry-button').waitFor();
    await failed.getByTestId('discard-button').waitFor();
    await screenshot(page, 'views-chat-failed-en');
  }, 90_000);

  it('asks before logging out with unsent messages, stays when declined, and keeps them for the next login', async () => {
    const native = nativeDialogs(page);
    await page.getByTestId('menu-button').click();
    await page.getByTestId('logout').click();
    // Asked in the app's own dialog, the safe answer focused.
    expect(await page.getByTestId('confirm-message').innerText()).toBe(en['logout.unsent_confirm'].replace('{n}', '1'));
    await until(() => focusedTestId(page), 'confirm-cancel');
    await screenshot(page, 'views-confirm-logout-en');
    await page.keyboard.press('Escape');
    await page.getByTestId('confirm-dialog').waitFor({ state: 'detached' });
    // Declined: still signed in, the failed message still there.
    expect(await page.getByTestId('room-list').isVisible()).toBe(true);
    expect(await myStates(page)).toEqual(['sent', 'failed']);

    // The owner takes me back; the room returns to my list. (My removal rotated the room key; a
    // member reads from their latest join on, which the next login shows.)
    expect((await api(env.t.url).post(`/api/rooms/${room}/members`, { user_ids: [me.userId] }, { token: park.token })).status).toBe(200);
    await roomItem(page, room).waitFor();

    if (!(await page.getByTestId('logout').isVisible())) await page.getByTestId('menu-button').click();
    await page.getByTestId('logout').click();
    expect(await page.getByTestId('confirm-message').innerText()).toContain('1');
    await page.getByTestId('confirm-ok').click();
    await page.getByTestId('login-form').waitFor();
    expect(native).toEqual([]);

    // Next login on this browser: the message is still here, failed, waiting for the user.
    await page.getByTestId('login-username').fill(me.username);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('room-list').waitFor();
    await roomItem(page, room).click();
    // My earlier message is of the key version before my removal: no longer mine to read.
    await until(() => myStates(page), ['failed']);
    expect(await page.locator('[data-testid="message"][data-state="failed"]').innerText()).toContain('written offline');
  }, 60_000);

  it('delivers a failed message with Retry once the cause is gone', async () => {
    const delivered = nextEvent<{ id: number; sender_id: number; encrypted: number | boolean; key_version?: number }>(parkSocket, 'new_message', (m) => m.sender_id === me.userId, 15_000);
    await page.locator('[data-testid="message"][data-state="failed"]').getByTestId('retry-button').click();
    // Sealed before the rotation with a key this member no longer holds: it goes out sealed anew.
    await until(() => myStates(page), ['sent']);
    expect(await page.getByTestId('retry-button').count()).toBe(0);
    const m = await delivered;
    expect(m.key_version).toBe(2); // sealed with the key made when I was removed
    const stored = await api(env.t.url).get(`/api/rooms/${room}/messages?limit=50&include_meta=0`, { token: park.token });
    expect((stored.body.messages as Array<{ id: number; sender_id: number }>).filter((x) => x.sender_id === me.userId).map((x) => x.id)).toEqual([
      expect.any(Number),
      m.id,
    ]);
    await screenshot(page, 'views-chat-retried-en');
  });
});
