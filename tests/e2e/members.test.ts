import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientCatalog } from '../../protocol/i18n/client.ts';
import { screenshot, waitForAttr } from '../helpers/browser.ts';
import { type E2EUser as User, roomItem, until, useE2E } from '../helpers/e2e.ts';
import { api } from '../helpers/http.ts';
import { nextEvent } from '../helpers/socket.ts';

/** The members panel, member profiles and presence, end to end (tests/helpers/e2e.ts). The people
 * around the browser user are real users acting over REST and raw sockets. */

const { env, newUser, socketOf, createRoom, newPage, loginViaUi } = useE2E();
const en = clientCatalog.en;
const tag = String(process.pid % 100_000);

/** Every native dialog (alert, confirm) the page opens: the app must never use one. */
function nativeDialogs(page: Page): string[] {
  const seen: string[] = [];
  page.on('dialog', (d) => {
    seen.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  return seen;
}

const row = (page: Page, user: User) => page.locator(`[data-testid="member-row"][data-user-id="${user.userId}"]`);
const rowText = async (page: Page, user: User): Promise<{ presence: string; role: string | null }> => ({
  presence: await row(page, user).getByTestId('member-presence').innerText(),
  role: (await row(page, user).getByTestId('member-role').allInnerTexts())[0] ?? null,
});
const isMember = async (roomId: number, user: User) => {
  const res = await api(env.t.url).get(`/api/rooms/${roomId}/info`, { token: user.token });
  return res.status === 200;
};

describe('the members panel of a group', () => {
  let me: User;
  let bob: User;
  let carol: User;
  let dave: User;
  let roomId: number;
  let page: Page;
  let dialogs: string[];

  beforeAll(async () => {
    me = await newUser(`Mina ${tag}`);
    [bob, carol, dave] = [await newUser(`Bob ${tag}`), await newUser(`Carol ${tag}`), await newUser(`Dave ${tag}`)];
    await api(env.t.url).put('/api/profile', { status_message: 'Working from Busan this week' }, { token: bob.token });
    roomId = await createRoom(me, [bob, carol, dave], `Launch ${tag}`);
    expect((await api(env.t.url).post(`/api/rooms/${roomId}/admins`, { user_id: dave.userId }, { token: me.token })).status).toBe(200);
    await socketOf(bob); // Bob is online; Carol and Dave never connected
    page = await newPage();
    dialogs = nativeDialogs(page);
    await loginViaUi(page, me.username);
    await roomItem(page, roomId).click();
    await waitForAttr(page.getByTestId('chat-view'), 'data-room-id', String(roomId));
  });
  afterAll(() => expect(dialogs).toEqual([]));

  it('opens from the member count and from the title, listing roles and presence as text', async () => {
    const panel = page.getByTestId('members-panel');
    expect(await page.getByTestId('member-count').innerText()).toBe(en['chat.members'].replace('{n}', '4'));
    await page.getByTestId('member-count').click();
    await panel.waitFor();
    expect(await panel.locator('h2').innerText()).toBe(en['members.title'].replace('{n}', '4'));
    await until(() => panel.getByTestId('member-row').count(), 4);
    await until(() => rowText(page, bob), { presence: en['presence.online'], role: null });
    expect(await rowText(page, me)).toEqual({ presence: en['presence.online'], role: en['members.owner'] });
    expect(await row(page, me).innerText()).toContain(`(${en['members.you']})`);
    expect(await rowText(page, dave)).toEqual({ presence: en['presence.offline'], role: en['members.admin'] });
    expect(await rowText(page, carol)).toEqual({ presence: en['presence.offline'], role: null });
    // The owner first, then admins, then the others.
    const order = await panel.getByTestId('member-row').evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.userId)));
    expect(order).toEqual([me.userId, dave.userId, bob.userId, carol.userId]);
    await screenshot(page, 'members-panel');

    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    await page.getByTestId('chat-title-button').click();
    await panel.waitFor();
    await until(() => panel.getByTestId('member-row').count(), 4);
  });

  it('follows presence live while open: a disconnect shows "Last seen"', async () => {
    const carolSocket = await socketOf(carol);
    await until(() => rowText(page, carol), { presence: en['presence.online'], role: null });
    const watcher = await socketOf(bob);
    const offline = nextEvent(watcher, 'user_status', (e) => e.user_id === carol.userId && e.status === 'offline');
    carolSocket.close();
    await offline;
    await until(() => rowText(page, carol), { presence: en['presence.just_now'], role: null });
  });

  it('shows a profile with username, status message and presence; the admin promotes and demotes', async () => {
    await row(page, bob).click();
    const profile = page.getByTestId('member-profile');
    await profile.waitFor();
    expect(await profile.getByTestId('profile-nickname').innerText()).toBe(bob.nickname);
    expect(await profile.getByTestId('profile-username').innerText()).toBe(`@${bob.username}`);
    expect(await profile.getByTestId('profile-status-message').innerText()).toBe('Working from Busan this week');
    expect(await profile.getByTestId('profile-presence').innerText()).toBe(en['presence.online']);
    expect(await profile.getByTestId('member-message').innerText()).toBe(en['members.message']);
    await screenshot(page, 'members-profile');

    // Make admin, then remove admin: the role follows the server's events.
    await profile.getByTestId('member-admin-toggle').click();
    await until(() => profile.getByTestId('member-role').allInnerTexts(), [en['members.admin']]);
    expect(await profile.getByTestId('member-admin-toggle').innerText()).toBe(en['members.remove_admin']);
    expect(await profile.getByTestId('member-kick').count()).toBe(0); // an admin cannot be removed
    const admins = await api(env.t.url).get(`/api/rooms/${roomId}/admins`, { token: bob.token });
    expect(admins.body.map((a: { id: number }) => a.id)).toContain(bob.userId);
    await profile.getByTestId('member-admin-toggle').click();
    await until(() => profile.getByTestId('member-role').count(), 0);
    expect(await profile.getByTestId('member-admin-toggle').innerText()).toBe(en['members.make_admin']);
    await profile.getByTestId('member-back').click();
    await page.getByTestId('member-list').waitFor();
  });

  it('removes a member only after the in-app confirmation', async () => {
    await row(page, carol).click();
    await page.getByTestId('member-kick').click();
    const confirm = page.getByTestId('kick-confirm');
    await confirm.waitFor();
    expect(await confirm.innerText()).toContain(en['members.kick_confirm'].replace('{name}', carol.nickname));
    // Cancel: back to the profile, nothing changed.
    await confirm.getByTestId('confirm-cancel').click();
    await page.getByTestId('member-profile').waitFor();
    expect(await isMember(roomId, carol)).toBe(true);

    await page.getByTestId('member-kick').click();
    await confirm.getByTestId('confirm-ok').click();
    await page.getByTestId('member-list').waitFor();
    await until(() => row(page, carol).count(), 0);
    expect(await isMember(roomId, carol)).toBe(false);
    await until(() => page.getByTestId('member-count').innerText(), en['chat.members'].replace('{n}', '3'));
  });

  it('opens the direct room from a profile with Message', async () => {
    await row(page, dave).click();
    await page.getByTestId('member-message').click();
    await page.getByTestId('members-panel').waitFor({ state: 'detached' });
    await waitForAttr(page.getByTestId('chat-view'), 'data-room-id', String(roomId), { not: true });
    const dmId = Number(await page.getByTestId('chat-view').getAttribute('data-room-id'));
    const rooms = await api(env.t.url).get('/api/rooms', { token: me.token });
    const dm = rooms.body.find((r: { id: number }) => r.id === dmId);
    expect(dm).toMatchObject({ type: 'direct', partner: { id: dave.userId } });
    expect(await page.getByTestId('chat-title').innerText()).toBe(dave.nickname);
  });

  it('fits a 400 px wide window', async () => {
    await roomItem(page, roomId).click();
    await waitForAttr(page.getByTestId('chat-view'), 'data-room-id', String(roomId));
    await page.setViewportSize({ width: 400, height: 760 });
    await page.getByTestId('member-count').click();
    const panel = page.getByTestId('members-panel');
    await panel.waitFor();
    const box = (await panel.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(400);
    await row(page, bob).click();
    await page.getByTestId('member-profile').waitFor();
    const actions = (await page.getByTestId('member-message').boundingBox())!;
    expect(actions.x + actions.width).toBeLessThanOrEqual(400);
    await screenshot(page, 'members-profile-400px');
    await page.keyboard.press('Escape');
    await page.setViewportSize({ width: 1200, height: 800 });
  });
});

describe('presence of a direct partner', () => {
  it('shows "Online" in the room list and the header, then "Last seen" when the partner disconnects', async () => {
    const me = await newUser(`Yuna ${tag}`);
    const park = await newUser(`Park ${tag}`);
    const dmId = await createRoom(me, [park]);
    const parkSocket = await socketOf(park);
    const page = await newPage();
    const dialogs = nativeDialogs(page);
    await loginViaUi(page, me.username);
    const dot = roomItem(page, dmId).getByTestId('room-presence');
    await waitForAttr(dot, 'aria-label', en['presence.online']);
    expect(await dot.getAttribute('role')).toBe('img');
    await roomItem(page, dmId).click();
    await waitForAttr(page.getByTestId('chat-view'), 'data-room-id', String(dmId));
    const header = page.getByTestId('chat-presence');
    await until(() => header.innerText(), en['presence.online']);
    await screenshot(page, 'dm-presence');

    parkSocket.close();
    await until(() => header.innerText(), en['presence.just_now']);
    await waitForAttr(dot, 'aria-label', en['presence.just_now']);
    await waitForAttr(dot, 'data-status', 'offline');
    await screenshot(page, 'dm-presence-offline');

    // After a reload the time comes from the server (last_seen_at), not from the event.
    await page.reload();
    await page.getByTestId('room-list').waitFor();
    await waitForAttr(roomItem(page, dmId).getByTestId('room-presence'), 'aria-label', en['presence.just_now']);
    expect(dialogs).toEqual([]);
  });
});
