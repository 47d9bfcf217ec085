import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { audit } from '../helpers/axe.ts';
import { screenshot } from '../helpers/browser.ts';
import { type E2EUser, roomItem, say, useE2E } from '../helpers/e2e.ts';

/** axe-core (the engine behind Lighthouse's accessibility audit) on the main views, light and
 * dark: no serious or critical violation, colour contrast included (every text ≥ 4.5:1, large
 * text ≥ 3:1). */

const { newUser, socketOf, createRoom, newPage, loginViaUi, openLogin } = useE2E();
const tag = String(process.pid % 100_000);

describe.each(['light', 'dark'] as const)('axe on the main views, %s theme', (theme) => {
  let page: Page;
  let me: E2EUser;
  let room: number;
  let empty: number;

  beforeAll(async () => {
    me = await newUser(`Axe ${theme} ${tag}`);
    const park = await newUser(`Park ${theme} ${tag}`);
    room = await createRoom(park, [me, await newUser(`Lee ${theme} ${tag}`)], `Axe room ${theme}`);
    empty = await createRoom(park, [me, await newUser(`Kim ${theme} ${tag}`)], `Axe empty ${theme}`);
    const parkSocket = await socketOf(park);
    await say(parkSocket, room, 'hello, a message from someone else');
    // Formatting: links, code, a quote, a list, and a long message collapsed behind "Show more".
    await say(parkSocket, room, '**bold**, _italic_, `code` and https://example.com\n> a quote\n- one\n- two\n```\nconst x = 1;\n```');
    await say(parkSocket, room, Array.from({ length: 60 }, (_, i) => `line ${i + 1} of a very long message`).join('\n'));
    page = await newPage();
    await page.emulateMedia({ colorScheme: theme });
  });

  it('login form', async () => {
    await openLogin(page);
    expect(await audit(page)).toEqual([]);
    await page.getByTestId('register-toggle').click();
    await page.getByTestId('login-password').fill('short');
    await page.getByTestId('register-nickname').fill('a nickname far longer than twenty');
    expect(await audit(page)).toEqual([]);
    await screenshot(page, `axe-register-${theme}`);
    await page.getByTestId('register-toggle').click();
  });

  it('an empty room', async () => {
    await loginViaUi(page, me.username);
    await roomItem(page, empty).click();
    await page.getByTestId('composer').waitFor();
    expect(await audit(page)).toEqual([]);
  });

  it('room open, with messages of both sides, unread marks and the composer', async () => {
    await roomItem(page, room).click();
    await page.getByTestId('composer').fill('my own message');
    await page.getByTestId('composer').press('Enter');
    await page.locator('[data-testid="message"][data-mine="true"][data-state="sent"]').waitFor();
    // Selected text inside my own bubble stays readable (the selection colour is inverted there).
    await page.locator('[data-testid="message"][data-mine="true"] .msg-text').first().selectText();
    await page.getByTestId('show-more').first().waitFor();
    expect(await audit(page)).toEqual([]);
    await screenshot(page, `axe-room-${theme}`);
  });

  it('members panel and a profile', async () => {
    await page.getByTestId('member-count').click();
    await page.getByTestId('members-panel').waitFor();
    expect(await audit(page)).toEqual([]);
    await page.getByTestId('member-row').first().click();
    await page.getByTestId('member-profile').waitFor();
    expect(await audit(page)).toEqual([]);
    // Escape goes back a step (profile → list → closed).
    while ((await page.locator('.backdrop').count()) > 0) await page.keyboard.press('Escape');
  });

  it('dialogs: new group, invite, confirm', async () => {
    await page.getByTestId('new-group').click();
    expect(await audit(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await page.getByTestId('room-invite').click();
    expect(await audit(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await page.getByTestId('room-leave').click();
    await page.getByTestId('confirm-dialog').waitFor();
    expect(await audit(page)).toEqual([]);
    await screenshot(page, `axe-confirm-${theme}`);
    await page.getByTestId('confirm-cancel').click();
    // Declined: still in the room.
    await roomItem(page, room).waitFor();
  });
});
