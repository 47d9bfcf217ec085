import { describe, expect, it } from 'vitest';
import { clientCatalog } from '../../protocol/i18n/client.ts';
import { audit } from '../helpers/axe.ts';
import { screenshot } from '../helpers/browser.ts';
import { nativeDialogs, useE2E } from '../helpers/e2e.ts';
import { PASSWORD, api } from '../helpers/http.ts';

/** Self-service in Chromium: profile, password, the devices list (a revoked browser is signed out
 * live) and account deletion. */

const e2e = useE2E();
const en = clientCatalog.en;

async function openAccount(page: import('playwright-core').Page, tab: 'profile' | 'password' | 'devices' | 'delete') {
  await page.getByTestId('menu-button').click();
  await page.getByTestId('open-account').click();
  await page.getByTestId('account-dialog').waitFor();
  await page.getByTestId(`tab-${tab}`).click();
}

describe('account settings', () => {
  it('a user signs out another of their browsers from the devices list, and that browser shows the login form at once', async () => {
    const me = await e2e.newUser('Dana');
    const here = await e2e.newPage();
    const there = await e2e.newPage(); // a second browser profile: its own cookies
    const dialogs = nativeDialogs(here);
    await e2e.loginViaUi(here, me.username);
    await e2e.loginViaUi(there, me.username);

    await openAccount(here, 'devices');
    // Three sessions: the REST one of newUser, and the two browsers; this one is marked.
    await expect.poll(() => here.getByTestId('session-item').count()).toBe(3);
    const current = here.locator('[data-testid="session-item"][data-current="true"]');
    expect(await current.innerText()).toContain(en['sessions.current']);
    await screenshot(here, 'account-devices');
    expect(await audit(here)).toEqual([]);

    // The other browser's session: the newest one that is not this one.
    const sessions = (await api(e2e.env.t.url).get('/api/device-sessions', { token: me.token })).body.sessions as Array<{ id: number; device_name: string; is_current: boolean }>;
    const hereId = Number(await current.getAttribute('data-session-id'));
    const thereId = Math.max(...sessions.filter((s) => s.device_name === 'Web Browser' && s.id !== hereId).map((s) => s.id));
    await here.locator(`[data-testid="session-item"][data-session-id="${thereId}"]`).getByTestId('session-revoke').click();
    expect(await here.getByTestId('confirm-message').innerText()).toContain('Web Browser');
    await here.getByTestId('confirm-ok').click();
    await expect.poll(() => here.getByTestId('session-item').count()).toBe(2);

    // Signed out live: no reload, no click.
    await there.getByTestId('login-form').waitFor();
    expect(await there.getByTestId('login-error').innerText()).toBe(en['session.ended']);
    await screenshot(there, 'account-signed-out-live');

    // "Every other device": only this one is left, and it still works.
    await here.getByTestId('sessions-revoke-others').click();
    await here.getByTestId('confirm-ok').click();
    await expect.poll(() => here.getByTestId('session-item').count()).toBe(1);
    await here.getByText(en['sessions.none_other']).waitFor();
    expect((await api(e2e.env.t.url).get('/api/profile', { token: me.token })).status).toBe(401);
    expect(await here.getByTestId('room-list').isVisible()).toBe(true);
    expect(dialogs).toEqual([]);
  }, 45_000); // two browsers signing in under a loaded machine

  it('profile and password: the nickname follows at once; a new password works and the old one does not', async () => {
    const me = await e2e.newUser('Eun');
    const page = await e2e.newPage();
    await e2e.loginViaUi(page, me.username);
    await openAccount(page, 'profile');
    await expect.poll(() => page.getByTestId('profile-nickname').inputValue()).toBe('Eun');
    await page.getByTestId('profile-nickname').fill('Eun-ji');
    await page.getByTestId('profile-status-message').fill('On leave until Monday');
    await page.getByTestId('profile-save').click();
    await page.getByText(en['account.saved']).waitFor();
    await expect.poll(() => page.getByTestId('my-nickname').innerText()).toBe('Eun-ji');
    await screenshot(page, 'account-profile');

    await page.getByTestId('tab-password').click();
    await page.getByTestId('password-current').fill(PASSWORD);
    await page.getByTestId('password-new').fill('Another-pw-42');
    await page.getByTestId('password-again').fill('Another-pw-4');
    await page.getByText(en['password.mismatch']).waitFor();
    await page.getByTestId('password-again').fill('Another-pw-42');
    expect(await page.getByTestId('password-sign-out-others').isChecked()).toBe(true);
    await page.getByTestId('password-submit').click();
    await page.getByText(en['password.changed']).waitFor();
    await screenshot(page, 'account-password');
    expect(await audit(page)).toEqual([]);
    const a = api(e2e.env.t.url);
    expect((await a.post('/api/device-sessions', { username: me.username, password: PASSWORD })).status).toBe(401);
    expect((await a.post('/api/device-sessions', { username: me.username, password: 'Another-pw-42' })).status).toBe(200);
    // The other devices were signed out (the REST session of newUser among them).
    expect((await a.get('/api/profile', { token: me.token })).status).toBe(401);
  });

  it('deleting the account asks for the password, then signs out', async () => {
    const me = await e2e.newUser('Farah');
    const page = await e2e.newPage();
    await e2e.loginViaUi(page, me.username);
    await openAccount(page, 'delete');
    await page.getByTestId('delete-password').fill('wrong-password-1');
    await page.getByTestId('delete-submit').click();
    await page.getByTestId('confirm-ok').click();
    await expect.poll(() => page.locator('[data-testid="delete-form"] [role="alert"]').innerText()).toBe('The password is incorrect.');
    await screenshot(page, 'account-delete');
    await page.getByTestId('delete-password').fill(PASSWORD);
    await page.getByTestId('delete-submit').click();
    await page.getByTestId('confirm-ok').click();
    await page.getByTestId('login-form').waitFor();
    expect((await api(e2e.env.t.url).post('/api/device-sessions', { username: me.username, password: PASSWORD })).status).toBe(401);
  });
});
