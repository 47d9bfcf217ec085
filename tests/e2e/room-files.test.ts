import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { UploadResponse } from '../../protocol/rest/files.ts';
import { audit } from '../helpers/axe.ts';
import { screenshot } from '../helpers/browser.ts';
import { type E2EUser, nativeDialogs, roomItem, until, useE2E } from '../helpers/e2e.ts';
import { PDF, png, sendFile, upload } from '../files/fixture.ts';

/** The Files panel in the browser against the real server: the list (an image and a PDF with a
 * Korean name), the filter, the uploader's delete after the in-app confirm (the other member's
 * chat shows the deleted placeholder live), no Delete on someone else's file for a member, and
 * axe on the panel in both themes. Files are uploaded over HTTP (/api/upload + send_message). */

const { newUser, createRoom, newPage, loginViaUi, socketOf, env } = useE2E();
const tag = String(process.pid % 100_000);

/** A file sent to the room as `user` over the real upload route and send_message; its message id. */
async function sendUpload(user: E2EUser, room: number, name: string, bytes: Uint8Array | string): Promise<number> {
  const res = await upload(env.t.url, null, name, bytes, { room, token: user.token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const ack = await sendFile(await socketOf(user), room, res.body as UploadResponse);
  expect(ack.ok, JSON.stringify(ack)).toBe(true);
  return ack.message_id as number;
}

const rows = (page: Page) => page.getByTestId('files-row');
const rowNames = (page: Page) => rows(page).locator('.file-name').allTextContents();
const rowOf = (page: Page, name: string) => rows(page).filter({ has: page.locator('.file-name', { hasText: name }) });

async function openPanel(page: Page): Promise<void> {
  await page.getByTestId('room-files').click();
  await page.getByTestId('files-panel').waitFor();
}

describe('the Files panel', () => {
  let alice: E2EUser;
  let bob: E2EUser;
  let carol: E2EUser;
  let room: number;
  let pdfMessage: number;
  let a: Page;
  let b: Page;

  beforeAll(async () => {
    alice = await newUser(`Alice ${tag}`);
    bob = await newUser(`Bob ${tag}`);
    carol = await newUser(`Carol ${tag}`);
    // Alice made the room: she is its admin; Bob and Carol are members.
    room = await createRoom(alice, [bob, carol], `Files panel ${tag}`);
    await sendUpload(alice, room, 'alice-plan.pdf', PDF);
    await sendUpload(bob, room, '풍경 사진.png', await png(320, 200, '#3a8f5c'));
    pdfMessage = await sendUpload(bob, room, '분기 보고서 2026.pdf', PDF);
    a = await newPage();
    b = await newPage('ko-KR');
    await loginViaUi(a, alice.username);
    await loginViaUi(b, bob.username);
    await roomItem(a, room).click();
    await roomItem(b, room).click();
  });

  it('lists the files newest first with thumbnail, size and uploader; the Images filter shows only the image', async () => {
    await openPanel(b);
    await until(() => rowNames(b), ['분기 보고서 2026.pdf', '풍경 사진.png', 'alice-plan.pdf']);
    const image = rowOf(b, '풍경 사진.png');
    expect(await image.getAttribute('data-type')).toBe('image');
    await until(() => image.locator('.files-thumb img').evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0), true);
    const pdfRow = rowOf(b, '분기 보고서 2026.pdf');
    expect(await pdfRow.locator('.file-ext').textContent()).toBe('PDF');
    expect(await pdfRow.locator('.file-size').textContent()).toContain(bob.nickname);
    expect(await pdfRow.getByTestId('file-download').getAttribute('download')).toBe('분기 보고서 2026.pdf');
    await screenshot(b, 'room-files-panel');

    await b.getByTestId('files-filter-image').click();
    expect(await b.getByTestId('files-filter-image').getAttribute('aria-pressed')).toBe('true');
    await until(() => rowNames(b), ['풍경 사진.png']);
    await b.getByTestId('files-filter-file').click();
    await until(() => rowNames(b), ['분기 보고서 2026.pdf', 'alice-plan.pdf']);
    await b.getByTestId('files-filter-all').click();
    await until(() => rowNames(b), ['분기 보고서 2026.pdf', '풍경 사진.png', 'alice-plan.pdf']);
  });

  it('a member who is not an admin has Delete on their own files only', async () => {
    expect(await rowOf(b, '분기 보고서 2026.pdf').getByTestId('files-delete').count()).toBe(1);
    expect(await rowOf(b, '풍경 사진.png').getByTestId('files-delete').count()).toBe(1);
    expect(await rowOf(b, 'alice-plan.pdf').getByTestId('files-delete').count()).toBe(0);
  });

  it('the uploader deletes a file after the in-app confirm: the row goes, the other member sees the deleted placeholder live', async () => {
    const native = nativeDialogs(b);
    const message = a.locator(`[data-testid="message"][data-message-id="${pdfMessage}"]`);
    await message.locator('[data-testid=file-card]').waitFor();

    // Cancel first: nothing happens.
    await rowOf(b, '분기 보고서 2026.pdf').getByTestId('files-delete').click();
    await b.getByTestId('confirm-dialog').waitFor();
    expect(await b.getByTestId('confirm-message').textContent()).toContain('분기 보고서 2026.pdf');
    await b.getByTestId('confirm-cancel').click();
    await b.getByTestId('confirm-dialog').waitFor({ state: 'detached' });
    expect(await rowNames(b)).toContain('분기 보고서 2026.pdf');

    await rowOf(b, '분기 보고서 2026.pdf').getByTestId('files-delete').click();
    await b.getByTestId('confirm-ok').click();
    await until(() => rowNames(b), ['풍경 사진.png', 'alice-plan.pdf']);
    // The panel is still open, and Alice's chat shows the deleted placeholder in place of the card.
    await b.getByTestId('files-panel').waitFor();
    await message.locator('.msg-text.deleted').waitFor();
    expect(await message.locator('[data-testid=file-card]').count()).toBe(0);
    expect(native).toEqual([]);
  });

  it('a room admin has Delete on every file', async () => {
    await openPanel(a);
    await until(() => rowNames(a), ['풍경 사진.png', 'alice-plan.pdf']);
    expect(await a.getByTestId('files-delete').count()).toBe(2);
    await a.keyboard.press('Escape');
    await a.getByTestId('files-panel').waitFor({ state: 'detached' });
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`passes axe with the panel open (${theme} theme)`, async () => {
      await b.emulateMedia({ colorScheme: theme });
      await b.getByTestId('files-panel').waitFor();
      expect(await audit(b)).toEqual([]);
      if (theme === 'dark') await screenshot(b, 'room-files-panel-dark');
    });
  }
});
