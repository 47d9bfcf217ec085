import { describe, expect, it } from 'vitest';
import { encryptV2 } from '../../protocol/crypto/index.ts';
import { audit } from '../helpers/axe.ts';
import { screenshot } from '../helpers/browser.ts';
import { roomItem, say, useE2E } from '../helpers/e2e.ts';
import { api } from '../helpers/http.ts';
import { emitAck } from '../helpers/socket.ts';

/** Message search in the browser: the server finds plaintext by a piece of a word, the device
 * finds what only it could decrypt, and a result opens its room at that message. */

const { env, newUser, socketOf, createRoom, newPage, loginViaUi } = useE2E();
const tag = String(process.pid % 100_000);
const message = (page: import('playwright-core').Page, id: number) => page.locator(`[data-testid="message"][data-message-id="${id}"]`);

describe('message search', () => {
  it('finds a plaintext message by a partial word and opens its room at it, with the messages around it', async () => {
    const me = await newUser(`Searcher ${tag}`);
    const bob = await newUser(`Bob ${tag}`);
    const room = await createRoom(bob, [me], `Budget ${tag}`);
    const bobSocket = await socketOf(bob);
    // The target sits far above the latest page: opening it must load what lies between.
    for (let i = 0; i < 20; i++) await say(bobSocket, room, `before ${i}`);
    const target = await say(bobSocket, room, 'The quarterly budget review moved to Friday');
    for (let i = 0; i < 120; i++) await say(bobSocket, room, `after ${i}`);

    const page = await newPage();
    await loginViaUi(page, me.username);
    await roomItem(page, room).waitFor();
    await page.keyboard.press('Control+f');
    await page.getByTestId('search-input').fill('ARTERL');
    const hit = page.locator(`[data-testid="search-result"][data-message-id="${target}"]`);
    await hit.waitFor();
    expect(await hit.getAttribute('data-source')).toBe('server');
    expect(await hit.innerText()).toContain('The quarterly budget review moved to Friday');
    await screenshot(page, 'search-results-plaintext');
    expect(await audit(page)).toEqual([]);

    await hit.click();
    await message(page, target).and(page.locator('[data-highlighted="true"]')).waitFor();
    await expect.poll(() => message(page, target).isVisible()).toBe(true);
    // Context on both sides is loaded: the message just before and just after it.
    await message(page, target - 1).waitFor({ state: 'attached' });
    await message(page, target + 1).waitFor({ state: 'attached' });
    expect(await page.getByTestId('search-panel').count()).toBe(0);
    expect(await audit(page)).toEqual([]);
    await screenshot(page, 'search-opened-at-message');
  }, 90_000);

  it('"only in this room" narrows the results to the open room', async () => {
    const me = await newUser(`Scoper ${tag}`);
    // Two people, two direct rooms (a second room with the same person would be the same one).
    const [bob, eve] = [await newUser(`Bob2 ${tag}`), await newUser(`Eve ${tag}`)];
    const here = await createRoom(bob, [me], `Here ${tag}`);
    const there = await createRoom(eve, [me], `There ${tag}`);
    const inHere = await say(await socketOf(bob), here, 'the offsite agenda is ready');
    const inThere = await say(await socketOf(eve), there, 'offsite hotel booked');

    const page = await newPage();
    await loginViaUi(page, me.username);
    await roomItem(page, here).click();
    await page.getByTestId('composer').waitFor();
    await page.keyboard.press('Control+f');
    await page.getByTestId('search-input').fill('offsite');
    const ids = () => page.getByTestId('search-result').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-message-id'))));
    await expect.poll(ids).toEqual([inThere, inHere]);
    const scope = page.getByTestId('search-room-only');
    expect(await scope.isChecked()).toBe(false);
    await scope.check();
    await expect.poll(ids).toEqual([inHere]);
    expect(await audit(page)).toEqual([]);
    await screenshot(page, 'search-room-only');
    await scope.uncheck();
    await expect.poll(ids).toEqual([inThere, inHere]);
  }, 90_000);

  it('finds an encrypted message on the device (never on the server) and opens it', async () => {
    const me = await newUser(`Keeper ${tag}`);
    const kim = await newUser(`Kim ${tag}`);
    const room = await createRoom(kim, [me], `Vault ${tag}`);
    const key = (await api(env.t.url).get(`/api/rooms/${room}/messages?limit=1`, { token: kim.token })).body.encryption_key as string;
    const kimSocket = await socketOf(kim);
    const sealed = async (text: string) => {
      const ack = await emitAck(kimSocket, 'send_message', { room_id: room, content: await encryptV2(text, key), encrypted: true });
      expect(ack.ok).toBe(true);
      return ack.message_id as number;
    };
    const secret = await sealed('The launch codeword is 파인애플정원관리');
    await sealed('nothing to see');

    // The server cannot find it: only ciphertext is stored, and ciphertext is not indexed.
    const server = await api(env.t.url).post('/api/search/advanced', { query: '정원관' }, { token: me.token });
    expect(server.body.messages).toEqual([]);

    const page = await newPage();
    await loginViaUi(page, me.username);
    // Reading the room is what lets this device index it.
    await roomItem(page, room).click();
    await message(page, secret).getByText('파인애플정원관리').waitFor();
    await roomItem(page, room).press('Escape');
    await page.getByTestId('room-search').click();
    await page.getByTestId('search-input').fill('정원관');
    const hit = page.locator(`[data-testid="search-result"][data-message-id="${secret}"]`);
    await hit.waitFor();
    expect(await hit.getAttribute('data-source')).toBe('device');
    await screenshot(page, 'search-results-device');
    await hit.click();
    await message(page, secret).and(page.locator('[data-highlighted="true"]')).waitFor();
  }, 90_000);
});
