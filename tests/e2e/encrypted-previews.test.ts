import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { encryptV2 } from '../../protocol/crypto/index.ts';
import { screenshot } from '../helpers/browser.ts';
import { roomItem, until, useE2E } from '../helpers/e2e.ts';
import { api } from '../helpers/http.ts';
import { emitAck } from '../helpers/socket.ts';

/** Previews and notifications of encrypted rooms say what arrived: the browser decrypts them with
 * the room keys it loads once after login, without the room ever being opened. The server only
 * ever holds ciphertext (checked in tests/client/rooms-store.test.ts). */

const { env, newUser, socketOf, createRoom, newPage, loginViaUi } = useE2E();
const tag = String(process.pid % 100_000);

/** Records what the app hands to the Notification API (the real one still runs). */
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

describe('encrypted rooms: previews and notifications', () => {
  it('shows the plaintext in the list and the notification, also after a reload, without opening the room', async () => {
    const me = await newUser(`Reader ${tag}`);
    const park = await newUser(`Park ${tag}`);
    const room = await createRoom(park, [me, await newUser(`Lee ${tag}`)], `Secret team ${tag}`);
    const key = (await api(env.t.url).get(`/api/rooms/${room}/messages?limit=1`, { token: park.token })).body.encryption_key as string;
    const parkSocket = await socketOf(park);
    const sendSealed = async (text: string) => {
      const ack = await emitAck(parkSocket, 'send_message', { room_id: room, content: await encryptV2(text, key), encrypted: true });
      expect(ack.ok).toBe(true);
    };

    const page = await newPage();
    await recordNotifications(page);
    await loginViaUi(page, me.username);
    await roomItem(page, room).waitFor();

    await sendSealed('Launch moves to Friday');
    await roomItem(page, room).getByText('Launch moves to Friday').waitFor();
    await until(() => notifications(page), [{ title: `Park ${tag} · Secret team ${tag}`, body: 'Launch moves to Friday' }]);
    await screenshot(page, 'encrypted-preview-notification');

    // A reload (a new session of the page): decrypted again, the room still never opened.
    await sendSealed('비밀 회의는 3시');
    await roomItem(page, room).getByText('비밀 회의는 3시').waitFor();
    await page.reload();
    await roomItem(page, room).getByText('비밀 회의는 3시').waitFor();
    expect(await page.getByTestId('chat-view').count()).toBe(0);
    expect(await roomItem(page, room).innerText()).not.toContain('[Encrypted message]');
  }, 60_000);
});
