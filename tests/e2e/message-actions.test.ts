import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { clientCatalog } from '../../protocol/i18n/client.ts';
import { audit } from '../helpers/axe.ts';
import { screenshot, waitForAttr } from '../helpers/browser.ts';
import { type E2EUser, focusedTestId, nativeDialogs, roomItem, say, until, useE2E } from '../helpers/e2e.ts';
import { emitAck } from '../helpers/socket.ts';

/** Message actions in the browser, with two people each in their own browser profile: reply,
 * edit, delete and react from the message menu (and the keyboard) show live in the other's view;
 * "read by" follows read pointers; the menu is a keyboard menu that gives the focus back. */

const { newUser, socketOf, createRoom, newPage, loginViaUi } = useE2E();
const en = clientCatalog.en;
const tag = String(process.pid % 100_000);

async function openRoom(page: Page, user: E2EUser, roomId: number) {
  await loginViaUi(page, user.username);
  await roomItem(page, roomId).click();
  await page.getByTestId('chat-view').waitFor();
}
/** The message whose own text (not a quote of it) holds `text`. */
const messageWith = (page: Page, text: string) => page.getByTestId('message').filter({ has: page.locator('.msg-text', { hasText: text }) });
async function send(page: Page, text: string) {
  await page.getByTestId('composer').fill(text);
  await page.getByTestId('composer').press('Enter');
  await waitForAttr(messageWith(page, text).last(), 'data-state', 'sent');
}
async function openMenu(page: Page, text: string) {
  const row = messageWith(page, text).last();
  await row.hover();
  await row.getByTestId('message-more').click();
  return page.getByTestId('message-menu');
}

describe('message actions between two users', () => {
  it('reply, react, edit (↑), delete and read-by show live for the other user', async () => {
    const alice = await newUser(`Alice ${tag}`);
    const bob = await newUser(`Bob ${tag}`);
    const carol = await newUser(`Carol ${tag}`);
    const roomId = await createRoom(alice, [bob, carol], `Actions ${tag}`);
    const carolSocket = await socketOf(carol);
    const [pa, pb] = [await newPage(), await newPage()];
    const natives = [...nativeDialogs(pa), ...nativeDialogs(pb)];
    await openRoom(pa, alice, roomId);
    await openRoom(pb, bob, roomId);

    // Bob writes; Alice answers it from the menu: the quote shows in both views.
    await send(pb, 'Hello from Bob');
    let menu = await openMenu(pa, 'Hello from Bob');
    expect(await menu.getAttribute('role')).toBe('menu');
    expect(await menu.getByTestId('menu-edit').count()).toBe(0); // not mine
    expect(await menu.getByTestId('menu-delete').count()).toBe(0);
    await menu.getByTestId('menu-reply').click();
    const banner = pa.getByTestId('compose-banner');
    expect(await banner.innerText()).toContain(`Replying to Bob ${tag}`);
    expect(await focusedTestId(pa)).toBe('composer');
    await send(pa, 'Reply from Alice');
    await banner.waitFor({ state: 'detached' });
    const bobsReply = messageWith(pb, 'Reply from Alice');
    await bobsReply.waitFor();
    expect(await bobsReply.locator('.reply-preview').innerText()).toContain('Hello from Bob');
    expect(await messageWith(pa, 'Reply from Alice').locator('.reply-preview').innerText()).toContain('Hello from Bob');

    // Alice reacts 👍 to Bob's message; Bob sees it, with who, and adds his own by clicking the chip.
    menu = await openMenu(pa, 'Hello from Bob');
    await menu.getByRole('menuitem', { name: en['actions.react'].replace('{emoji}', '👍') }).click();
    const bobChip = messageWith(pb, 'Hello from Bob').getByTestId('reaction');
    await until(() => bobChip.innerText(), '👍 1');
    await bobChip.hover();
    expect(await bobChip.getByTestId('reaction-who').innerText()).toBe(`Alice ${tag}`);
    await waitForAttr(bobChip, 'aria-pressed', 'false');
    await screenshot(pb, 'message-reaction-who');
    await bobChip.click();
    const aliceChip = messageWith(pa, 'Hello from Bob').getByTestId('reaction');
    await until(() => aliceChip.innerText(), '👍 2');
    expect(await aliceChip.getAttribute('aria-label')).toContain(`Alice ${tag}, Bob ${tag}`);
    await waitForAttr(aliceChip, 'aria-pressed', 'true');

    // Read by: Bob's view is open on it; Carol reads over her socket. Both count, live.
    const replyId = Number(await messageWith(pa, 'Reply from Alice').getAttribute('data-message-id'));
    expect((await emitAck(carolSocket, 'message_read', { room_id: roomId, message_id: replyId })).ok).toBe(true);
    const readBy = messageWith(pa, 'Reply from Alice').getByTestId('read-by');
    await until(() => readBy.innerText(), 'Read by 2');
    await readBy.click();
    const readers = pa.getByTestId('readers-dialog');
    expect((await readers.getByTestId('readers-read').locator('.reader-name').allInnerTexts()).sort()).toEqual([`Bob ${tag}`, `Carol ${tag}`]);
    await screenshot(pa, 'message-readers');
    await pa.keyboard.press('Escape');
    await readers.waitFor({ state: 'detached' });

    // ↑ in the empty composer edits my last message; Enter saves; Bob sees the new text, edited.
    await pa.getByTestId('composer').focus();
    await pa.keyboard.press('ArrowUp');
    await waitForAttr(banner, 'data-kind', 'edit');
    expect(await pa.getByTestId('composer').inputValue()).toBe('Reply from Alice');
    await screenshot(pa, 'message-editing');
    await pa.getByTestId('composer').fill('Reply edited');
    await pa.keyboard.press('Enter');
    await banner.waitFor({ state: 'detached' });
    const edited = messageWith(pb, 'Reply edited');
    await edited.waitFor();
    expect(await edited.locator('.msg-edited').innerText()).toBe(en['chat.edited']);
    expect(await messageWith(pb, 'Reply from Alice').count()).toBe(0);
    // Esc leaves edit mode with the box as it was.
    await pa.getByTestId('composer').focus();
    await pa.keyboard.press('ArrowUp');
    await waitForAttr(banner, 'data-kind', 'edit');
    await pa.keyboard.press('Escape');
    await banner.waitFor({ state: 'detached' });
    await until(() => pa.getByTestId('composer').inputValue(), '');

    // Delete from a right click, asked in the app: a placeholder for Bob too.
    await messageWith(pa, 'Reply edited').locator('.bubble').click({ button: 'right' });
    await pa.getByTestId('message-menu').getByTestId('menu-delete').click();
    await pa.getByTestId('confirm-ok').click();
    const placeholder = pb.locator(`[data-testid="message"][data-message-id="${replyId}"]`);
    await until(() => placeholder.locator('.msg-text').innerText(), en['chat.deleted']);
    expect(await messageWith(pb, 'Reply edited').count()).toBe(0);
    expect(natives).toEqual([]);
  }, 90_000);

  it('menu: keyboard navigation, Escape gives the focus back, copy text; axe finds nothing', async () => {
    const alice = await newUser(`Keys ${tag}`);
    const bob = await newUser(`Keys Bob ${tag}`);
    const roomId = await createRoom(alice, [bob, await newUser(`Keys Lee ${tag}`)], `Keys ${tag}`);
    await say(await socketOf(bob), roomId, 'Copy me, please');
    const page = await newPage();
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await openRoom(page, alice, roomId);
    const row = messageWith(page, 'Copy me, please');
    await row.waitFor();
    // The "⋯" button is reachable by keyboard; Enter opens the menu on its first entry.
    await row.getByTestId('message-more').focus();
    await page.keyboard.press('Enter');
    const menu = page.getByTestId('message-menu');
    await menu.waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('menuitem');
    await waitForAttr(row.getByTestId('message-more'), 'aria-expanded', 'true');
    expect(await audit(page)).toEqual([]);
    await screenshot(page, 'message-menu');
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowDown'); // wraps to the first
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(en['actions.react'].replace('{emoji}', '👍'));
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    expect(await focusedTestId(page)).toBe('message-more');

    // Copy text puts the message on the clipboard.
    await page.keyboard.press('Enter');
    await menu.getByTestId('menu-copy').click();
    await until(() => page.evaluate(() => navigator.clipboard.readText()), 'Copy me, please');
  }, 60_000);
});
