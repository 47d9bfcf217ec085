import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { clientCatalog } from '../../protocol/i18n/client.ts';
import { audit } from '../helpers/axe.ts';
import { screenshot, waitForAttr } from '../helpers/browser.ts';
import { type E2EUser, nativeDialogs, roomItem, say, until, useE2E } from '../helpers/e2e.ts';
import { api } from '../helpers/http.ts';

/** Room notices in the browser, two people each in their own browser profile: a message pinned
 * from its menu and a free-text notice show in both pinned bars, live; unpinning too; "go to
 * message" brings the pinned message into view. */

const { env, newUser, socketOf, createRoom, newPage, loginViaUi } = useE2E();
const en = clientCatalog.en;
const tag = String(process.pid % 100_000);

async function openRoom(page: Page, user: E2EUser, roomId: number) {
  await loginViaUi(page, user.username);
  await roomItem(page, roomId).click();
  await page.getByTestId('chat-view').waitFor();
}
const latest = (page: Page) => page.getByTestId('pinned-bar').locator('.pinned-latest .pinned-text');

describe('pinned bar', () => {
  it('shows a pinned message and a free-text notice in both views, live; unpin and go to message', async () => {
    const alice = await newUser(`Pin Alice ${tag}`);
    const bob = await newUser(`Pin Bob ${tag}`);
    const roomId = await createRoom(alice, [bob, await newUser(`Pin Lee ${tag}`)], `Notices ${tag}`);
    const bobSocket = await socketOf(bob);
    const pinnedId = await say(bobSocket, roomId, 'Deploy on Friday at 3');
    // Enough later messages that the pinned one is far above the bottom of the view.
    for (let i = 0; i < 30; i++) await say(bobSocket, roomId, `filler ${i}`);
    const [pa, pb] = [await newPage(), await newPage()];
    const natives = [...nativeDialogs(pa), ...nativeDialogs(pb)];
    await openRoom(pa, alice, roomId);
    await openRoom(pb, bob, roomId);
    expect(await pa.getByTestId('pinned-bar').count()).toBe(0);

    // Alice pins Bob's message from its menu: both bars show it.
    const pinned = pa.locator(`[data-testid="message"][data-message-id="${pinnedId}"]`);
    await pinned.scrollIntoViewIfNeeded();
    await pinned.hover();
    await pinned.getByTestId('message-more').click();
    await pa.getByTestId('message-menu').getByTestId('menu-pin').click();
    await until(() => latest(pa).innerText(), 'Deploy on Friday at 3');
    await until(() => latest(pb).innerText(), 'Deploy on Friday at 3');
    expect(await pb.getByTestId('pinned-bar').locator('.pinned-meta').first().innerText()).toBe(`Pinned by Pin Alice ${tag}`);

    // Bob adds a free-text notice from the header: the newest shows first, in both.
    await pb.getByTestId('room-new-pin').click();
    await pb.getByTestId('new-pin-text').fill('Lunch at noon <b>today</b>');
    await pb.getByTestId('new-pin-submit').click();
    await pb.getByTestId('new-pin-dialog').waitFor({ state: 'detached' });
    await until(() => latest(pa).innerText(), 'Lunch at noon <b>today</b>');
    await until(() => latest(pb).innerText(), 'Lunch at noon <b>today</b>');

    // Alice unfolds the list: both notices; "go to message" brings the pinned one into view.
    await pa.getByTestId('pinned-toggle').click();
    const items = pa.getByTestId('pinned-item');
    await until(() => items.count(), 2);
    expect(await items.nth(1).innerText()).toContain('Deploy on Friday at 3');
    expect(await items.nth(0).getByTestId('pinned-jump').count()).toBe(0); // free text: nowhere to go
    await pa.locator('.message-list').evaluate((el) => (el.scrollTop = el.scrollHeight));
    await items.nth(1).getByTestId('pinned-jump').click();
    await until(() => pinned.evaluate((el) => el.classList.contains('highlight')), true);
    expect(await pinned.isVisible()).toBe(true);
    await screenshot(pa, 'pins-bar-expanded');
    expect(await audit(pa)).toEqual([]);

    // Bob unpins the free-text one: Alice's list follows.
    const freeTextId = Number(await items.nth(0).getAttribute('data-pin-id'));
    await pb.getByTestId('pinned-toggle').click();
    await pb.locator(`[data-testid="pinned-item"][data-pin-id="${freeTextId}"]`).getByTestId('pinned-delete').click();
    await until(() => items.count(), 1);
    await until(() => latest(pa).innerText(), 'Deploy on Friday at 3');
    await screenshot(pb, 'pins-bar-after-unpin');

    // The server agrees, and the last unpin removes the bar.
    const left = await api(env.t.url).get(`/api/rooms/${roomId}/pins`, { token: bob.token });
    expect(left.body.map((p: { message_id: number }) => p.message_id)).toEqual([pinnedId]);
    await items.nth(0).getByTestId('pinned-delete').click();
    await pa.getByTestId('pinned-bar').waitFor({ state: 'detached' });
    await pb.getByTestId('pinned-bar').waitFor({ state: 'detached' });
    await waitForAttr(pa.getByTestId('chat-view'), 'data-room-id', String(roomId));
    expect(natives).toEqual([]);
    expect(en['pins.title']).toBe('Notices');
  }, 90_000);
});
