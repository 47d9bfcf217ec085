import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { audit } from '../helpers/axe.ts';
import { screenshot } from '../helpers/browser.ts';
import { roomIds, roomItem, until, useE2E } from '../helpers/e2e.ts';
import { api } from '../helpers/http.ts';
import { emitAck, nextEvent } from '../helpers/socket.ts';

/** Mentions in the browser: `@` autocomplete sends user ids, a mention of me is highlighted,
 * notifies me even in a muted room, and the room list can show only rooms that mention me. */

const { env, newUser, socketOf, createRoom, newPage, loginViaUi } = useE2E();
const tag = String(process.pid % 100_000);

async function recordNotifications(page: Page): Promise<void> {
  await page.context().grantPermissions(['notifications'], { origin: env.t.url });
  await page.addInitScript(() => {
    const Real = window.Notification;
    const seen: { title: string; body: string | undefined }[] = [];
    (window as unknown as { notifications: typeof seen }).notifications = seen;
    window.Notification = class extends Real {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        seen.push({ title, body: options?.body });
      }
    } as typeof Notification;
  });
}
const notifications = (page: Page) => page.evaluate(() => (window as unknown as { notifications: { title: string; body?: string }[] }).notifications);

describe('mentions', () => {
  it('a mention notifies in a muted room (others do not), stands out, and the mentions filter finds the room', async () => {
    const me = await newUser(`민지 ${tag}`);
    const bob = await newUser(`Bob ${tag}`);
    const muted = await createRoom(bob, [me, await newUser(`Third ${tag}`)], `Muted ${tag}`);
    const quiet = await createRoom(bob, [me, await newUser(`Fourth ${tag}`)], `Quiet ${tag}`);
    expect((await api(env.t.url).post(`/api/rooms/${muted}/mute`, { muted: true }, { token: me.token })).status).toBe(200);
    const bobSocket = await socketOf(bob);
    const send = async (room: number, content: string, mentions: number[] = []) =>
      expect(await emitAck(bobSocket, 'send_message', { room_id: room, content, encrypted: false, mentions })).toMatchObject({ ok: true });

    const page = await newPage();
    await recordNotifications(page);
    await loginViaUi(page, me.username);
    await roomItem(page, muted).waitFor();

    await send(muted, 'nobody in particular');
    await send(quiet, 'a quiet room, no mention');
    await send(muted, `@민지 ${tag} please check the numbers`, [me.userId]);
    await until(() => notifications(page).then((n) => n.map((x) => x.body)), ['a quiet room, no mention', `@민지 ${tag} please check the numbers`]);

    // The list: a mention badge, and the filter keeps only that room.
    await roomItem(page, muted).getByTestId('mention-badge').waitFor();
    await page.getByTestId('mention-filter').click();
    await until(() => roomIds(page), [muted]);
    await screenshot(page, 'mentions-filter');
    await page.getByTestId('mention-filter').click();
    await until(async () => (await roomIds(page)).sort(), [muted, quiet].sort());

    // In the room the mention of me is highlighted; reading it clears the badge.
    await roomItem(page, muted).click();
    await page.locator('[data-testid="mention"].mention-me').getByText(`@민지 ${tag}`).waitFor();
    expect(await page.locator('.msg.mentions-me').count()).toBe(1);
    await screenshot(page, 'mentions-highlight');
    expect(await audit(page)).toEqual([]);
    await roomItem(page, muted).getByTestId('mention-badge').waitFor({ state: 'detached' });
  }, 90_000);

  it('@ autocomplete lists members by nickname or username, is keyboard driven, and sends the ids', async () => {
    const me = await newUser(`Writer ${tag}`);
    const chulsoo = await newUser(`김철수 ${tag}`);
    const younghee = await newUser(`박영희 ${tag}`);
    const room = await createRoom(me, [chulsoo, younghee], `Team ${tag}`);
    const chulsooSocket = await socketOf(chulsoo);

    const page = await newPage();
    await loginViaUi(page, me.username);
    await roomItem(page, room).click();
    const box = page.getByTestId('composer');
    await box.click();
    await box.pressSequentially('hi @철');
    const list = page.getByTestId('mention-list');
    await list.waitFor();
    expect(await list.getByTestId('mention-option').allInnerTexts()).toEqual([expect.stringContaining(`김철수 ${tag}`)]);
    expect(await box.getAttribute('aria-activedescendant')).toBe(`mention-option-${chulsoo.userId}`);
    await screenshot(page, 'mentions-autocomplete');
    expect(await audit(page)).toEqual([]);

    // By username too; arrows move, Enter picks (and does not send).
    await box.press('Backspace');
    await box.pressSequentially(younghee.username.slice(0, 4));
    await list.getByText(`박영희 ${tag}`).waitFor();
    await box.press('Escape');
    await list.waitFor({ state: 'detached' });
    for (let i = 0; i < 4; i++) await box.press('Backspace');
    await box.pressSequentially('철');
    await list.waitFor();
    await box.press('Enter');
    await list.waitFor({ state: 'detached' });
    expect(await box.inputValue()).toBe(`hi @김철수 ${tag} `);
    await box.pressSequentially('lunch?');
    const heard = nextEvent(chulsooSocket, 'new_message', (m: { id: number; room_id: number }) => m.room_id === room, 20_000);
    await box.press('Enter');
    const m = await heard;
    expect(m).toMatchObject({ content: expect.any(String), mentions: [chulsoo.userId] });

    // ↑ edits it: the mention it had stays while its name does, one picked now is added.
    await until(() => box.inputValue(), '');
    await box.press('ArrowUp');
    await until(() => box.inputValue(), `hi @김철수 ${tag} lunch?`);
    await box.pressSequentially(' @영');
    await list.getByText(`박영희 ${tag}`).waitFor();
    await box.press('Enter');
    const edited = nextEvent(chulsooSocket, 'message_edited', (e: { message_id: number; mentions?: number[] }) => e.message_id === m.id, 20_000);
    await box.press('Enter');
    expect((await edited).mentions?.sort()).toEqual([chulsoo.userId, younghee.userId].sort());

    // Editing a name out drops its mention.
    await until(() => box.inputValue(), '');
    await box.press('ArrowUp');
    await until(() => box.inputValue(), `hi @김철수 ${tag} lunch? @박영희 ${tag}`);
    await box.fill(`hi @박영희 ${tag} lunch?`);
    const again = nextEvent(chulsooSocket, 'message_edited', (e: { message_id: number; mentions?: number[] }) => e.message_id === m.id, 20_000);
    await box.press('Enter');
    expect((await again).mentions).toEqual([younghee.userId]);
  }, 90_000);
});
