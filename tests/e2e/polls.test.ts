import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { clientCatalog } from '../../protocol/i18n/client.ts';
import { audit } from '../helpers/axe.ts';
import { screenshot, waitForAttr } from '../helpers/browser.ts';
import { nativeDialogs, roomItem, say, until, useE2E } from '../helpers/e2e.ts';
import { api } from '../helpers/http.ts';
import { nextEvent } from '../helpers/socket.ts';

/** Polls in the browser: the create dialog, the banner above the timeline, the card (vote,
 * results, close) and the polls panel, against a real server, with the other voter a real user
 * over REST and socket.io. */

const { env, newUser, socketOf, createRoom, newPage, loginViaUi } = useE2E();
const en = clientCatalog.en;
const tag = String(process.pid % 100_000);

const optionRow = (card: Locator, text: string) => card.getByTestId('poll-option').filter({ hasText: text });
const countOf = (card: Locator, text: string) => optionRow(card, text).getByTestId('poll-count').innerText();

async function openRoom(page: Page, username: string, roomId: number) {
  await loginViaUi(page, username);
  await roomItem(page, roomId).click();
  await page.getByTestId('chat-view').waitFor();
}

describe('polls', () => {
  it('are created in the dialog, voted by both (UI and API), updated live and closed', async () => {
    const me = await newUser(`Poller ${tag}`);
    const park = await newUser(`Park ${tag}`);
    const roomId = await createRoom(park, [me, await newUser(`Lee ${tag}`)], `Poll room ${tag}`);
    const parkSocket = await socketOf(park);
    const page = await newPage();
    const natives = nativeDialogs(page);
    await openRoom(page, me.username, roomId);
    // No open poll: no banner.
    expect(await page.getByTestId('poll-banner').count()).toBe(0);

    // Create: question, three options (one added), a deadline an hour ahead.
    const created = nextEvent(parkSocket, 'poll_created', (e: any) => e.room_id === roomId);
    await page.getByTestId('room-new-poll').click();
    const dialog = page.getByTestId('new-poll-dialog');
    await dialog.getByTestId('poll-question').fill('Where shall we have lunch?');
    const inputs = dialog.getByTestId('poll-option-input');
    await inputs.nth(0).fill('Noodles');
    await inputs.nth(1).fill('Pasta');
    await dialog.getByTestId('poll-add-option').click();
    await inputs.nth(2).fill('Salad');
    await dialog.getByTestId('poll-use-deadline').check();
    await dialog.getByTestId('poll-deadline-input').waitFor();
    await screenshot(page, 'poll-create-dialog');
    await dialog.getByTestId('poll-create-submit').click();
    await dialog.waitFor({ state: 'detached' });
    const { poll } = await created;
    expect(poll).toMatchObject({ question: 'Where shall we have lunch?', multiple_choice: 0, anonymous: 0, closed: 0 });
    expect(poll.options.map((o: any) => o.option_text)).toEqual(['Noodles', 'Pasta', 'Salad']);
    // The deadline picked in local time arrives in UTC, about an hour ahead.
    expect(Math.abs(Date.parse(poll.ends_at) - (Date.now() + 3_600_000))).toBeLessThan(5 * 60_000);

    // The banner shows it; unfolded, it is the card. I vote Pasta in the UI.
    const banner = page.getByTestId('poll-banner');
    await expect(banner.innerText()).resolves.toContain('Where shall we have lunch?');
    await banner.getByTestId('poll-banner-toggle').click();
    const card = banner.getByTestId('poll-card');
    expect(await card.getByTestId('poll-deadline').innerText()).toMatch(/^Ends /);
    const voted = nextEvent(parkSocket, 'poll_updated', (e: any) => e.poll.id === poll.id && e.action === 'poll_voted');
    await optionRow(card, 'Pasta').locator('input[type=radio]').check();
    await card.getByTestId('poll-vote').click();
    const event = await voted;
    expect(event.by_user_id).toBe(me.userId);
    expect('my_votes' in event.poll).toBe(false);
    await until(() => countOf(card, 'Pasta'), '1 vote · 100%');
    expect(await optionRow(card, 'Pasta').innerText()).toContain(en['polls.my_vote']);
    expect(await card.getByTestId('poll-vote').innerText()).toBe(en['polls.change_vote']);

    // Park votes Noodles over the API: my card follows live.
    const noodles = poll.options[0].id;
    expect((await api(env.t.url).post(`/api/polls/${poll.id}/vote`, { option_id: noodles }, { token: park.token })).status).toBe(200);
    await until(() => countOf(card, 'Noodles'), '1 vote · 50%');
    expect(await countOf(card, 'Pasta')).toBe('1 vote · 50%');
    expect(await card.getByTestId('poll-voters').innerText()).toBe('2 voted');
    // My choice survives Park's event (events carry nobody's votes).
    expect(await optionRow(card, 'Pasta').innerText()).toContain(en['polls.my_vote']);
    expect(await optionRow(card, 'Noodles').innerText()).not.toContain(en['polls.my_vote']);

    // The polls panel lists it; the card there is the screenshot.
    await page.getByTestId('room-polls').click();
    const panel = page.getByTestId('polls-panel');
    const panelCard = panel.locator(`[data-testid="poll-card"][data-poll-id="${poll.id}"]`);
    await until(() => countOf(panelCard, 'Noodles'), '1 vote · 50%');
    await screenshot(page, 'poll-card');

    // I created it, so I may close it (asked first, in the app).
    const closed = nextEvent(parkSocket, 'poll_updated', (e: any) => e.poll.id === poll.id && e.action === 'poll_closed');
    await panelCard.getByTestId('poll-close').click();
    await page.getByTestId('confirm-ok').click();
    expect((await closed).by_user_id).toBe(me.userId);
    await waitForAttr(panelCard, 'data-closed', '1');
    expect(await panelCard.getByTestId('poll-state').innerText()).toBe(en['polls.state_closed']);
    expect(await panelCard.locator('input').count()).toBe(0);
    // Closed by hand before its deadline: no "Ended <a time still to come>".
    expect(await panelCard.getByTestId('poll-deadline').count()).toBe(0);
    expect(await panelCard.getByTestId('poll-vote').count()).toBe(0);
    expect(await panelCard.getByTestId('poll-close').count()).toBe(0);
    await screenshot(page, 'poll-card-closed');
    // The focus stayed on the card, inside the panel: Escape closes it.
    await until(async () => (await panelCard.evaluate((el) => el === document.activeElement)) as boolean, true);
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    // A closed poll leaves the banner; voting is over for Park too.
    await banner.waitFor({ state: 'detached' });
    const late = await api(env.t.url).post(`/api/polls/${poll.id}/vote`, { option_id: noodles }, { token: park.token });
    expect(late.body.error_code).toBe('POLL_CLOSED');
    expect(natives).toEqual([]);
  }, 60_000);

  it('close at the deadline on screen, with no reload; a member who is not the creator gets no Close', async () => {
    const me = await newUser(`Deadline ${tag}`);
    const park = await newUser(`Park D ${tag}`);
    const roomId = await createRoom(park, [me, await newUser(`Lee D ${tag}`)], `Deadline room ${tag}`);
    const page = await newPage();
    await openRoom(page, me.username, roomId);
    const endsAt = new Date(Date.now() + 2500).toISOString();
    const res = await api(env.t.url).post(`/api/rooms/${roomId}/polls`, { question: 'Quick one?', options: ['Yes', 'No'], multiple_choice: true, ends_at: endsAt }, { token: park.token });
    expect(res.status).toBe(200);
    await page.getByTestId('room-polls').click();
    const card = page.getByTestId('polls-panel').getByTestId('poll-card');
    await waitForAttr(card, 'data-closed', '0');
    // Multiple choice: checkboxes. Not mine and I am no admin: no Close.
    expect(await card.locator('input[type=checkbox]').count()).toBe(2);
    expect(await card.getByTestId('poll-close').count()).toBe(0);
    await waitForAttr(card, 'data-closed', '1', { timeout: 15_000 });
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(endsAt));
    expect(await card.getByTestId('poll-deadline').innerText()).toMatch(/^Ended /);
  });
});

// ---- accessibility: the banner, an unfolded card, the panel and the create dialog, both themes

describe.each(['light', 'dark'] as const)('axe on polls, %s theme', (theme) => {
  it('banner, card (open, voted, closed), panel and create dialog', async () => {
    const me = await newUser(`Axe poll ${theme} ${tag}`);
    const park = await newUser(`Axe park ${theme} ${tag}`);
    const roomId = await createRoom(me, [park, await newUser(`Axe lee ${theme} ${tag}`)], `Axe polls ${theme}`);
    const as = { token: park.token };
    const a = api(env.t.url);
    const closedPoll = (await a.post(`/api/rooms/${roomId}/polls`, { question: 'Closed one', options: ['A', 'B'] }, as)).body.poll;
    await a.post(`/api/polls/${closedPoll.id}/vote`, { option_id: closedPoll.options[1].id }, as);
    await a.post(`/api/polls/${closedPoll.id}/close`, undefined, as);
    const openPoll = (await a.post(`/api/rooms/${roomId}/polls`, { question: 'Open one', options: ['X', 'Y', 'Z'], anonymous: true, ends_at: new Date(Date.now() + 86_400_000).toISOString() }, as)).body.poll;
    await a.post(`/api/polls/${openPoll.id}/vote`, { option_id: openPoll.options[0].id }, as);
    // A message too: an empty room's message list is another view's axe finding (reported apart).
    await say(await socketOf(park), roomId, 'a message beside the polls');

    const page = await newPage();
    await page.emulateMedia({ colorScheme: theme });
    await openRoom(page, me.username, roomId);
    const banner = page.getByTestId('poll-banner');
    await banner.getByTestId('poll-banner-toggle').click();
    const card = banner.getByTestId('poll-card');
    await optionRow(card, 'Y').locator('input').check();
    await card.getByTestId('poll-vote').click();
    await until(() => countOf(card, 'Y'), '1 vote · 50%');
    expect(await audit(page)).toEqual([]);
    await screenshot(page, `poll-banner-${theme}`);

    await page.getByTestId('room-polls').click();
    await page.getByTestId('polls-panel').getByTestId('poll-card').nth(1).waitFor();
    expect(await audit(page)).toEqual([]);
    await screenshot(page, `poll-panel-${theme}`);

    await page.getByTestId('polls-new').click();
    const dialog = page.getByTestId('new-poll-dialog');
    await dialog.getByTestId('poll-use-deadline').check();
    await dialog.getByTestId('poll-question').fill('A question');
    expect(await audit(page)).toEqual([]);
    await screenshot(page, `poll-dialog-${theme}`);
  });
});
