import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorSpec } from '../../protocol/errors/index.ts';
import { clientCatalog } from '../../protocol/i18n/client.ts';
import { audit } from '../helpers/axe.ts';
import { screenshot, waitForAttr } from '../helpers/browser.ts';
import { nativeDialogs, useE2E } from '../helpers/e2e.ts';
import { PASSWORD, api, uniqueName } from '../helpers/http.ts';
import type { TestServer } from '../helpers/server.ts';
import { withServer } from '../helpers/suite.ts';

/** The admin area in Chromium, on a server where new accounts wait for approval. */

const e2e = useE2E();
const en = clientCatalog.en;

/** The first account of `server` (its platform admin), signed in through the form. */
async function adminPage(server: TestServer): Promise<{ page: Page; username: string }> {
  const username = uniqueName('boss');
  expect((await api(server.url).post('/api/register', { username, password: PASSWORD, nickname: 'Boss' })).status).toBe(200);
  const page = await e2e.newPage();
  await e2e.loginViaUi(page, username, server);
  return { page, username };
}

async function openAdmin(page: Page, tab: 'pending' | 'users' | 'audit'): Promise<void> {
  await page.getByTestId('menu-button').click();
  await page.getByTestId('open-admin').click();
  await page.getByTestId('admin-dialog').waitFor();
  await page.getByTestId(`tab-${tab}`).click();
}

const userRow = (page: Page, username: string) => page.locator(`[data-testid="admin-user"][data-username="${username}"]`);

describe('the admin area', () => {
  it('an admin approves a pending account in the browser, and that person then logs in', async () => {
    await withServer({ config: { allowSelfRegister: false }, env: { CLIENT_DIR: e2e.clientDir } }, async (server) => {
      const { page } = await adminPage(server);
      const dialogs = nativeDialogs(page);

      // Someone signs up in another browser: told to wait for approval.
      const newcomer = uniqueName('new');
      const other = await e2e.newPage();
      await e2e.openLogin(other, server.url);
      await other.getByTestId('register-toggle').click();
      await other.getByTestId('login-username').fill(newcomer);
      await other.getByTestId('login-password').fill(PASSWORD);
      await other.getByTestId('register-nickname').fill('Newcomer');
      await other.getByTestId('login-submit').click();
      await expect.poll(() => other.getByTestId('login-notice').innerText()).toBe(en['register.pending']);
      await other.getByTestId('login-password').fill(PASSWORD);
      await other.getByTestId('login-submit').click();
      await expect.poll(() => other.getByTestId('login-error').innerText()).toBe(errorSpec('AUTH_ACCOUNT_PENDING').en);

      await openAdmin(page, 'pending');
      await userRow(page, newcomer).waitFor();
      expect(await userRow(page, newcomer).getAttribute('data-status')).toBe('pending');
      await screenshot(page, 'admin-pending');
      await userRow(page, newcomer).getByTestId('admin-approve').click();
      await userRow(page, newcomer).waitFor({ state: 'detached' });
      await page.getByText(en['admin.no_pending']).waitFor();

      // Now the newcomer gets in.
      await other.getByTestId('login-submit').click();
      await other.getByTestId('room-list').waitFor();
      await waitForAttr(other.getByTestId('connection-status'), 'data-status', 'connected');
      // A regular account has no admin entry in its menu.
      await other.getByTestId('menu-button').click();
      await other.getByTestId('open-account').waitFor();
      expect(await other.getByTestId('open-admin').count()).toBe(0);
      expect(dialogs).toEqual([]);
    });
  }, 60_000); // it starts a server of its own
});

describe('users and the audit log', () => {
  // The file's server has no account yet: the first one made here is its platform admin.
  let admin: Page;
  let adminName: string;
  let dialogs: string[];
  const target = uniqueName('carol');
  let temporary = '';
  beforeAll(async () => {
    ({ page: admin, username: adminName } = await adminPage(e2e.env.t));
    dialogs = nativeDialogs(admin);
    expect((await api(e2e.env.t.url).post('/api/register', { username: target, password: PASSWORD, nickname: 'Carol' })).status).toBe(200);
    for (let i = 0; i < 3; i++) await api(e2e.env.t.url).post('/api/register', { username: uniqueName('extra'), password: PASSWORD });
    await openAdmin(admin, 'users');
  });
  afterAll(() => expect(dialogs).toEqual([]));

  it('search by part of the username, whatever the case; disable (asked first) refuses logins; enable restores', async () => {
    await admin.getByTestId('admin-search').fill(target.slice(0, 8).toUpperCase());
    await expect.poll(() => admin.getByTestId('admin-user').count()).toBe(1);
    await userRow(admin, target).getByTestId('admin-disable').click();
    await admin.getByTestId('confirm-ok').click();
    await waitForAttr(userRow(admin, target), 'data-status', 'disabled');
    await screenshot(admin, 'admin-users-disabled');
    const refused = await api(e2e.env.t.url).post('/api/device-sessions', { username: target, password: PASSWORD });
    expect(refused.body.error_code).toBe('AUTH_ACCOUNT_DISABLED');
    await userRow(admin, target).getByTestId('admin-enable').click();
    await waitForAttr(userRow(admin, target), 'data-status', 'active');
    expect((await api(e2e.env.t.url).post('/api/device-sessions', { username: target, password: PASSWORD })).status).toBe(200);
  });

  it('reset password: the temporary password is shown once; with it the user must choose a new one first', async () => {
    await userRow(admin, target).getByTestId('admin-reset-password').click();
    await admin.getByTestId('confirm-ok').click();
    temporary = await admin.getByTestId('temporary-password-value').innerText();
    expect(temporary.length).toBeGreaterThanOrEqual(8);
    await screenshot(admin, 'admin-temporary-password');
    expect(await audit(admin)).toEqual([]);

    const carol = await e2e.newPage();
    await e2e.openLogin(carol);
    await carol.getByTestId('login-username').fill(target);
    await carol.getByTestId('login-password').fill(temporary);
    await carol.getByTestId('login-submit').click();
    await carol.getByTestId('forced-password').waitFor();
    await screenshot(carol, 'forced-password-change');
    expect(await audit(carol)).toEqual([]);
    await carol.getByTestId('password-current').fill(temporary);
    await carol.getByTestId('password-new').fill('Fresh-start-77');
    await carol.getByTestId('password-again').fill('Fresh-start-77');
    await carol.getByTestId('password-submit').click();
    await carol.getByTestId('room-list').waitFor();
    expect((await api(e2e.env.t.url).post('/api/device-sessions', { username: target, password: 'Fresh-start-77' })).status).toBe(200);
  });

  it('the audit log lists those actions newest first, by name, without the temporary password', async () => {
    await admin.getByTestId('tab-audit').click();
    await expect
      .poll(() => admin.getByTestId('audit-entry').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.action)))
      .toEqual(['user.reset_password', 'user.enable', 'user.disable']);
    expect(await admin.getByTestId('audit-entry').first().innerText()).toContain(`${adminName} → ${target}: password reset`);
    expect(await admin.getByTestId('audit-list').innerText()).not.toContain(temporary);
    await screenshot(admin, 'admin-audit');
    expect(await audit(admin)).toEqual([]);
  });
});
