import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { cutPreview } from '../../protocol/preview.ts';
import { screenshot, waitForAttr } from '../helpers/browser.ts';
import { type E2EUser as User, roomItem, until, useE2E } from '../helpers/e2e.ts';
import { api } from '../helpers/http.ts';

/** System notices (rename, invite, leave, kick) in the reader's language, end to end: the server
 * stores the origin's Korean text plus a payload, and the client words the payload at render
 * time, in the chat and in the room list preview. */

const e2e = useE2E();
const { env, newUser, createRoom, newPage, loginViaUi } = e2e;
const tag = String(process.pid % 100_000);

const systemLines = (page: Page) =>
  page.locator('[data-testid="message"].system').evaluateAll((els) => els.map((e) => `${(e as HTMLElement).dataset.systemKind ?? '-'}: ${e.textContent}`));
const previewOf = (page: Page, roomId: number) => roomItem(page, roomId).locator('.room-preview').innerText();

async function openRoom(page: Page, roomId: number) {
  await roomItem(page, roomId).click();
  await waitForAttr(page.getByTestId('chat-view'), 'data-room-id', String(roomId));
}

async function chooseLanguage(page: Page, lang: 'ko' | 'en') {
  await page.getByTestId('menu-button').click();
  await page.getByTestId('language-select').selectOption(lang);
  await page.getByTestId('menu-button').click();
}

describe('system notices', () => {
  let reader: User;
  let koReader: User;
  let kim: User;
  let lee: User;
  let park: User;
  let choi: User;
  let room: number;
  let page: Page;
  const roomName = `Ops ${tag}`;

  beforeAll(async () => {
    [reader, koReader, kim, lee, park, choi] = [
      await newUser('Reader'),
      await newUser('독자'),
      await newUser('Kim'),
      await newUser('Lee'),
      await newUser('Park'),
      await newUser('Choi'),
    ];
    room = await createRoom(kim, [reader, koReader, lee, park], `Team ${tag}`);
    page = await newPage('en-US');
    await loginViaUi(page, reader.username);
    await openRoom(page, room);
  }, 60_000);

  // What each notice says, in both languages (Korean: the origin's stored text).
  const en = {
    renamed: () => `renamed: Kim renamed the room to “${roomName}”.`,
    invited: 'invited: Kim invited Choi.',
    left: 'left: Lee left.',
    kicked: 'kicked: Kim removed Park.',
  };
  const ko = {
    renamed: () => `renamed: Kim님이 대화방 이름을 '${roomName}'(으)로 변경했습니다.`,
    invited: 'invited: Kim님이 Choi님을 초대했습니다.',
    left: 'left: Lee님이 나갔습니다.',
    kicked: 'kicked: Kim님이 Park님을 내보냈습니다.',
  };
  const text = (line: string) => line.slice(line.indexOf(': ') + 2);

  it('an English reader sees rename, invite, leave and kick notices in English, live, in the chat and the room list', async () => {
    const as = (u: User) => ({ token: u.token });
    const a = api(env.t.url);
    const steps: Array<[() => Promise<{ status: number }>, string]> = [
      [() => a.put(`/api/rooms/${room}/name`, { name: roomName }, as(kim)), en.renamed()],
      [() => a.post(`/api/rooms/${room}/members`, { user_ids: [choi.userId] }, as(kim)), en.invited],
      [() => a.post(`/api/rooms/${room}/leave`, undefined, as(lee)), en.left],
      [() => a.del(`/api/rooms/${room}/members/${park.userId}`, undefined, as(kim)), en.kicked],
    ];
    const seen: string[] = [];
    for (const [act, line] of steps) {
      expect((await act()).status).toBe(200);
      seen.push(line);
      await until(() => systemLines(page), seen);
      await until(() => previewOf(page, room), cutPreview(text(line)));
    }
    // The list has caught up with the membership too (Kim, Reader, 독자, Choi) before the picture.
    await until(() => roomItem(page, room).locator('.room-count').innerText(), '4');
    await screenshot(page, 'system-notices-en');

    // From history and the list after a reload: the same words.
    await page.reload();
    await page.getByTestId('room-list').waitFor();
    await until(() => previewOf(page, room), cutPreview(text(en.kicked)));
    await openRoom(page, room);
    await until(() => systemLines(page), seen);
  });

  it('a Korean reader sees the Korean text', async () => {
    const koPage = await newPage('ko-KR');
    try {
      await loginViaUi(koPage, koReader.username);
      await until(() => previewOf(koPage, room), cutPreview(text(ko.kicked)));
      await openRoom(koPage, room);
      await until(() => systemLines(koPage), [ko.renamed(), ko.invited, ko.left, ko.kicked]);
      await screenshot(koPage, 'system-notices-ko');
    } finally {
      await koPage.context().close();
    }
  });

  it('switching the language in the menu switches the notices and the preview', async () => {
    await chooseLanguage(page, 'ko');
    await until(() => systemLines(page), [ko.renamed(), ko.invited, ko.left, ko.kicked]);
    await until(() => previewOf(page, room), cutPreview(text(ko.kicked)));
    await chooseLanguage(page, 'en');
    await until(() => systemLines(page), [en.renamed(), en.invited, en.left, en.kicked]);
    await until(() => previewOf(page, room), cutPreview(text(en.kicked)));
  });

  it('a notice stored before payloads shows its stored text in either language', async () => {
    const content = 'Kim님이 공지사항을 업데이트했습니다.';
    await env.t.server.db.execute({
      sql: "INSERT INTO messages (room_id, sender_id, content, encrypted, message_type, created_at) VALUES (?, ?, ?, 0, 'system', ?)",
      args: [room, kim.userId, content, new Date().toISOString()],
    });
    await page.reload();
    await page.getByTestId('room-list').waitFor();
    await until(() => previewOf(page, room), cutPreview(content));
    await openRoom(page, room);
    await until(async () => (await systemLines(page)).at(-1), `-: ${content}`);
    await chooseLanguage(page, 'ko');
    await until(async () => (await systemLines(page)).slice(-2), [ko.kicked, `-: ${content}`]);
    expect(await previewOf(page, room)).toBe(cutPreview(content));
    await chooseLanguage(page, 'en');
  });
});
