import { describe, expect, it } from 'vitest';
import { errorSpec } from '../../protocol/errors/index.ts';
import { clientCatalog } from '../../protocol/i18n/client.ts';
import { waitForAttr } from '../helpers/browser.ts';
import { nativeDialogs, roomItem, until, useE2E } from '../helpers/e2e.ts';
import { PASSWORD, api, uniqueName } from '../helpers/http.ts';

/** The forms say their rules before the first try, never cut what was typed, and every question
 * is asked in the app's own dialog (never the browser's confirm box). */

const { env, newUser, createRoom, newPage, openLogin, loginViaUi } = useE2E();
const en = clientCatalog.en;
const tag = String(process.pid % 100_000);

describe('sign-up form', () => {
  it('shows the password rule before the first try and ticks it off while typing', async () => {
    const page = await newPage();
    await openLogin(page);
    expect(await page.getByTestId('password-rule').count()).toBe(0); // the login form has no rule
    await page.getByTestId('register-toggle').click();
    const rule = page.getByTestId('password-rule');
    await rule.waitFor();
    const met = () => rule.locator('li').evaluateAll((els) => els.map((e) => `${e.textContent?.slice(2)}=${(e as HTMLElement).dataset.met}`));
    expect(await met()).toEqual([`${en['register.password_length']!.replace('{n}', '8')}=false`, `${en['register.password_letter']}=false`, `${en['register.password_digit']}=false`]);
    // Read with the field by assistive technology.
    expect(await page.getByTestId('login-password').getAttribute('aria-describedby')).toBe('login-password-hint');
    await page.getByTestId('login-password').fill('abc');
    await until(() => met().then((m) => m.map((x) => x.endsWith('=true'))), [false, true, false]);
    await page.getByTestId('login-password').fill('abcdefg1');
    await until(() => met().then((m) => m.map((x) => x.endsWith('=true'))), [true, true, true]);
  });

  it('counts the nickname against its limit, keeps everything typed, and the server says why it refuses', async () => {
    const page = await newPage();
    await openLogin(page);
    await page.getByTestId('register-toggle').click();
    const long = 'A nickname much longer than twenty';
    await page.getByTestId('login-username').fill(uniqueName('nick'));
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('register-nickname').fill(long);
    expect(await page.getByTestId('register-nickname').inputValue()).toBe(long); // not cut at 20
    expect(await page.getByTestId('register-nickname-count').innerText()).toBe(`${long.length}/20`);
    expect(await page.getByTestId('register-nickname-over').innerText()).toBe(en['field.too_long']!.replace('{n}', '20'));
    expect(await page.getByTestId('register-nickname').getAttribute('aria-invalid')).toBe('true');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('login-error').waitFor();
    expect(await page.getByTestId('login-error').innerText()).toBe(errorSpec('NICKNAME_TOO_LONG').en);
    // Shortened: the warning goes, and the sign-up goes through.
    await page.getByTestId('register-nickname').fill('Short Name');
    expect(await page.getByTestId('register-nickname-count').innerText()).toBe('10/20');
    expect(await page.getByTestId('register-nickname-over').count()).toBe(0);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('room-list').waitFor();
    expect(await page.getByTestId('my-nickname').innerText()).toBe('Short Name');
  });
});

describe('in-app dialogs', () => {
  it('asks before leaving a group in its own dialog: Cancel stays, Leave leaves', async () => {
    const me = await newUser(`Leaver ${tag}`);
    const owner = await newUser(`Owner ${tag}`);
    const room = await createRoom(owner, [me, await newUser(`Third ${tag}`)], `Leave me ${tag}`);
    const page = await newPage();
    const native = nativeDialogs(page);
    await loginViaUi(page, me.username);
    await roomItem(page, room).click();
    await waitForAttr(page.getByTestId('chat-view'), 'data-room-id', String(room));

    await page.getByTestId('room-leave').click();
    expect(await page.getByTestId('confirm-message').innerText()).toBe(en['chat.leave_confirm']);
    expect(await page.getByTestId('confirm-ok').innerText()).toBe(en['chat.leave']);
    await page.getByTestId('confirm-cancel').click();
    await page.getByTestId('confirm-dialog').waitFor({ state: 'detached' });
    expect(await roomItem(page, room).count()).toBe(1);

    await page.getByTestId('room-leave').click();
    await page.getByTestId('confirm-ok').click();
    await roomItem(page, room).waitFor({ state: 'detached' });
    const info = await api(env.t.url).get(`/api/rooms/${room}/info`, { token: me.token });
    expect(info.status).toBe(403);
    expect(native).toEqual([]);
  });
});
