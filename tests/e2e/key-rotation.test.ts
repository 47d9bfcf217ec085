import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { decryptMessage } from '../../protocol/crypto/index.ts';
import { clientCatalog } from '../../protocol/i18n/client.ts';
import { screenshot, waitForAttr } from '../helpers/browser.ts';
import { roomItem, until, useE2E } from '../helpers/e2e.ts';
import { api } from '../helpers/http.ts';
import { collect } from '../helpers/socket.ts';

/** Room key rotation end to end: two people in an encrypted group remove a third, and the
 * conversation goes on, sealed with the new key and read by both, also after a reload. */

const { env, newUser, socketOf, createRoom, newPage, loginViaUi } = useE2E();
const en = clientCatalog.en;
const tag = String(process.pid % 100_000);

const bubble = (page: Page, text: string) => page.getByTestId('message').filter({ hasText: text });

async function say(page: Page, text: string): Promise<void> {
  await page.getByTestId('composer').fill(text);
  await page.getByTestId('composer').press('Enter');
}

async function openRoom(page: Page, roomId: number): Promise<void> {
  await roomItem(page, roomId).click();
  await waitForAttr(page.getByTestId('chat-view'), 'data-room-id', String(roomId));
}

describe('an encrypted room after a member is removed', () => {
  it('keeps messages flowing and decrypting for the remaining members, across the rotation and a reload', async () => {
    const alice = await newUser(`Alice ${tag}`);
    const bob = await newUser(`Bob ${tag}`);
    const carol = await newUser(`Carol ${tag}`);
    const roomId = await createRoom(alice, [bob, carol], `Board ${tag}`);
    const carolHears = collect(await socketOf(carol), 'new_message');

    const [a, b] = [await newPage(), await newPage()];
    await loginViaUi(a, alice.username);
    await loginViaUi(b, bob.username);
    await openRoom(a, roomId);
    await openRoom(b, roomId);

    await say(a, 'Before the change');
    await bubble(b, 'Before the change').waitFor();

    // Alice removes Carol from the members panel (in-app confirmation).
    await a.getByTestId('member-count').click();
    await a.locator(`[data-testid="member-row"][data-user-id="${carol.userId}"]`).click();
    await a.getByTestId('member-kick').click();
    await a.getByTestId('kick-confirm').getByTestId('confirm-ok').click();
    await until(() => a.locator(`[data-testid="member-row"][data-user-id="${carol.userId}"]`).count(), 0);
    await a.keyboard.press('Escape');
    await until(async () => (await api(env.t.url).get(`/api/rooms/${roomId}/keys`, { token: alice.token })).body.key_version, 2);

    await say(b, 'After the kick, from Bob');
    await bubble(a, 'After the kick, from Bob').waitFor();
    await say(a, 'Still private, from Alice');
    await bubble(b, 'Still private, from Alice').waitFor();

    // Stored sealed with version 2, which Carol never had.
    const rows = (
      await env.t.server.db.execute({ sql: "SELECT content, key_version FROM messages WHERE room_id = ? AND message_type = 'text' ORDER BY id", args: [roomId] })
    ).rows;
    expect(rows.map((r) => Number(r.key_version))).toEqual([1, 2, 2]);
    const ring = (await api(env.t.url).get(`/api/rooms/${roomId}/keys`, { token: bob.token })).body;
    expect(await decryptMessage(String(rows[2]!.content), ring.encryption_key)).toBe('Still private, from Alice');
    const v1 = ring.encryption_keys.find((k: { version: number }) => k.version === 1).key as string;
    await expect(decryptMessage(String(rows[2]!.content), v1)).rejects.toThrow();
    expect(carolHears.map((m) => m.content).filter((c: string) => c.startsWith('v2:'))).toHaveLength(1); // only the first

    // A reload: Bob's page starts with no keys and reads every version again.
    await b.reload();
    await b.getByTestId('room-list').waitFor();
    await roomItem(b, roomId).getByText('Still private, from Alice').waitFor();
    await openRoom(b, roomId);
    for (const text of ['Before the change', 'After the kick, from Bob', 'Still private, from Alice']) await bubble(b, text).waitFor();
    expect(await b.getByTestId('message').filter({ hasText: en['chat.undecryptable'] }).count()).toBe(0);
    await screenshot(b, 'key-rotation-after-reload');

    // And the conversation goes on after the reload.
    await say(b, 'Back after a reload');
    await bubble(a, 'Back after a reload').waitFor();
    expect(await a.getByTestId('message').filter({ hasText: en['chat.undecryptable'] }).count()).toBe(0);
    await screenshot(a, 'key-rotation-sender');
  }, 90_000);
});
