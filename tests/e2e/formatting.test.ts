import type { Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { beforeAll, describe, expect, it } from 'vitest';
import { clientCatalog } from '../../protocol/i18n/client.ts';
import { screenshot, waitForAttr } from '../helpers/browser.ts';
import { type E2EUser as User, myStates, roomItem, say, until, useE2E } from '../helpers/e2e.ts';

/** Message formatting end to end: Markdown rendered as elements, links, hostile input inert, long
 * messages collapsed, the composer's length counter, and Korean line breaking. */

const e2e = useE2E();
const { env, newUser, socketOf, createRoom, newPage, loginViaUi } = e2e;
const en = clientCatalog.en;
const tag = String(process.pid % 100_000);

let me: User;
let park: User;
let parkSocket: Socket;
let room: number;
let page: Page;
/** Every native dialog any page opened (an alert() that ran would land here). */
const dialogs: string[] = [];

async function openRoom(p: Page) {
  await roomItem(p, room).click();
  await waitForAttr(p.getByTestId('chat-view'), 'data-room-id', String(room));
}
const messageWith = (p: Page, text: string) => p.getByTestId('message').filter({ hasText: text });

beforeAll(async () => {
  me = await newUser(`Reader ${tag}`);
  park = await newUser(`Writer ${tag}`);
  room = await createRoom(park, [me], `Formatting ${tag}`);
  parkSocket = await socketOf(park);
  page = await newPage();
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await loginViaUi(page, me.username);
  await openRoom(page);
}, 60_000);

describe('formatted messages', () => {
  it('renders bold, italic, inline code, a code block, a quote and a list as elements', async () => {
    const text = [
      '**Release** notes for *today*: run `npm ci` first.',
      '> quoted **line**',
      '- first item',
      '- second item',
      '',
      '```sh',
      `echo "a code line that is much longer than the bubble is wide, so that it scrolls sideways instead of wrapping ${'x'.repeat(80)}"`,
      '```',
      'And a [link to the plan](PLAN) and a bare one: BARE',
    ]
      .join('\n')
      .replace('PLAN', `${env.t.url}/plan`)
      .replace('BARE', `${env.t.url}/bare`);
    await say(parkSocket, room, text);
    const msg = messageWith(page, 'Release');
    await msg.waitFor();
    const md = msg.locator('.md');
    expect(await md.locator('strong').first().innerText()).toBe('Release');
    expect(await md.locator('em').innerText()).toBe('today');
    expect(await md.locator('p code').innerText()).toBe('npm ci');
    expect(await md.locator('blockquote').innerText()).toBe('quoted line');
    expect(await md.locator('blockquote strong').innerText()).toBe('line');
    expect(await md.locator('ul > li').allInnerTexts()).toEqual(['first item', 'second item']);
    // The code block: monospace, one line, scrolled sideways rather than wrapped.
    const pre = md.locator('pre');
    expect(await pre.locator('code').innerText()).toContain('echo "a code line');
    const box = await pre.evaluate((el) => {
      const cs = getComputedStyle(el);
      return { font: cs.fontFamily, whiteSpace: cs.whiteSpace, overflowX: cs.overflowX, scrolls: el.scrollWidth > el.clientWidth, height: el.clientHeight, line: parseFloat(cs.lineHeight) };
    });
    expect(box.font).toMatch(/mono/i);
    expect(box.whiteSpace).toBe('pre');
    expect(box.overflowX).toBe('auto');
    expect(box.scrolls).toBe(true);
    expect(box.height).toBeLessThan(box.line * 2 + 16); // one line (+ padding and a scrollbar)
    await screenshot(page, 'formatting-message');
  });

  it('makes http links clickable with rel and target, opened in a new page', async () => {
    const msg = messageWith(page, 'Release');
    const link = msg.locator(`a[href="${env.t.url}/plan"]`);
    expect(await link.innerText()).toBe('link to the plan');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await link.getAttribute('target')).toBe('_blank');
    const bare = msg.locator(`a[href="${env.t.url}/bare"]`);
    expect(await bare.innerText()).toBe(`${env.t.url}/bare`);
    expect(await bare.getAttribute('rel')).toBe('noopener noreferrer');
    // A click opens the address in a new page (the platform's openExternal); the app stays.
    const opened = page.context().waitForEvent('page');
    await link.click();
    const popup = await opened;
    await popup.waitForURL(`${env.t.url}/plan`);
    await popup.close();
    expect(page.url().startsWith(env.t.url)).toBe(true);
    expect(await page.getByTestId('chat-view').count()).toBe(1);
  });

  it('keeps hostile input inert: no javascript: link, no HTML element, no script run', async () => {
    const text = [
      'hostile: [click](javascript:alert(1)) <javascript:alert(2)> javascript:alert(3)',
      '[data](data:text/html,<script>alert(4)</script>) [vb](vbscript:msgbox(5)) ![img](javascript:alert(6))',
      '<img src=x onerror=alert(7)> <script>alert(8)</script> <a href="javascript:alert(9)">a</a>',
      '<iframe src="javascript:alert(10)"></iframe> <svg onload=alert(11)>',
    ].join('\n');
    await say(parkSocket, room, text);
    const msg = messageWith(page, 'hostile:');
    await msg.waitFor();
    // The text shows as typed...
    const shown = await msg.locator('.md').innerText();
    expect(shown).toContain('[click](javascript:alert(1))');
    expect(shown).toContain('<img src=x onerror=alert(7)>');
    expect(shown).toContain('<script>alert(8)</script>');
    // ...and nothing in it is active.
    expect(await msg.locator('.md a, .md img, .md script, .md iframe, .md svg').count()).toBe(0);
    const hrefs = await page.locator('a[href]').evaluateAll((els) => els.map((a) => (a as HTMLAnchorElement).href));
    expect(hrefs.filter((h) => /^\s*(javascript|data|vbscript):/i.test(h))).toEqual([]);
    const handlers = await page.evaluate(() => Array.from(document.querySelectorAll('.md *')).flatMap((el) => Array.from(el.attributes).map((a) => a.name)).filter((n) => n.startsWith('on')));
    expect(handlers).toEqual([]);
    expect(dialogs).toEqual([]);
  });

  it('renders my own message, sent sealed through the composer, formatted too', async () => {
    const composer = page.getByTestId('composer');
    await composer.fill('**mine** and `code`');
    await composer.press('Enter');
    await until(async () => (await myStates(page)).at(-1), 'sent');
    const mine = page.locator('[data-testid="message"][data-mine="true"]').last();
    expect(await mine.locator('.md strong').innerText()).toBe('mine');
    expect(await mine.locator('.md code').innerText()).toBe('code');
  });
});

describe('long messages', () => {
  it('collapses a 6,000-character message; Show more (keyboard) opens it in place, Show less closes it', async () => {
    const line = 'This is a long report line that keeps going so the message is long. ';
    const text = `LONG START ${line.repeat(Math.ceil(6_000 / line.length))}`.slice(0, 5_990) + ' LONG END';
    expect(text).toHaveLength(5_999);
    await say(parkSocket, room, text);
    const msg = messageWith(page, 'LONG START');
    await msg.waitFor();
    const more = msg.getByTestId('show-more');
    await more.waitFor();
    expect(await more.innerText()).toBe(en['chat.show_more']);
    expect(await more.getAttribute('aria-expanded')).toBe('false');
    const clamp = msg.locator('.collapsible');
    const sizes = () => clamp.evaluate((el) => ({ client: el.clientHeight, scroll: el.scrollHeight, line: parseFloat(getComputedStyle(el).lineHeight) }));
    const collapsed = await sizes();
    expect(collapsed.scroll).toBeGreaterThan(collapsed.client * 2); // most of it hidden
    expect(collapsed.client).toBeLessThanOrEqual(Math.ceil(collapsed.line * 20) + 1); // about 20 lines
    expect(collapsed.client).toBeGreaterThan(collapsed.line * 15);
    await screenshot(page, 'formatting-collapsed');

    // The list is at the bottom; opening the message grows it downwards from where it is.
    const list = page.getByTestId('message-list');
    const atBottom = () => list.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight < 2);
    expect(await atBottom()).toBe(true);
    const topBefore = (await msg.boundingBox())!.y;
    await more.focus();
    await page.keyboard.press('Enter');
    await waitForAttr(more, 'aria-expanded', 'true');
    expect(await more.innerText()).toBe(en['chat.show_less']);
    await until(async () => {
      const s = await sizes();
      return s.client === s.scroll && s.client > collapsed.client * 3;
    }, true);
    await until(async () => Math.round((await msg.boundingBox())!.y - topBefore), 0);
    expect(await page.locator('.jump-latest').count()).toBe(1);

    // The list measured the opened row: jumping to the latest reaches the real end, where the
    // message's last words and its Show less are in view.
    await page.locator('.jump-latest').click();
    await until(atBottom, true);
    await until(async () => {
      const [m, l] = await Promise.all([more.boundingBox(), list.boundingBox()]);
      return m !== null && l !== null && m.y + m.height <= l.y + l.height + 1 && m.y >= l.y;
    }, true);
    expect(await msg.locator('.md').innerText()).toContain('LONG END');

    await more.press('Enter');
    await waitForAttr(more, 'aria-expanded', 'false');
    expect(await more.innerText()).toBe(en['chat.show_more']);
    await until(async () => (await sizes()).client, collapsed.client);
  });

  it('does not collapse a short message', async () => {
    await say(parkSocket, room, 'short one\nwith two lines');
    const msg = messageWith(page, 'short one');
    await msg.waitFor();
    expect(await msg.getByTestId('show-more').count()).toBe(0);
  });
});

describe('the composer’s length counter', () => {
  it('appears near the limit, warns over it and does not send', async () => {
    const composer = page.getByTestId('composer');
    const counter = page.getByTestId('char-counter');
    await composer.fill('a'.repeat(8_999));
    expect(await counter.count()).toBe(0);
    await composer.fill('a'.repeat(9_000));
    expect(await counter.innerText()).toBe('9,000 / 10,000 characters');
    expect(await counter.getAttribute('data-over')).toBe('false');
    expect(await page.getByTestId('send-button').isDisabled()).toBe(false);

    await composer.fill('a'.repeat(10_003));
    await waitForAttr(counter, 'data-over', 'true');
    expect(await page.getByTestId('too-long').innerText()).toBe(en['message.too_long'].replace('{max}', '10,000').replace('{over}', '3'));
    expect(await counter.evaluate((el) => getComputedStyle(el).color)).not.toBe(await page.locator('.composer-hint').evaluate((el) => getComputedStyle(el).color));
    expect(await page.getByTestId('send-button').isDisabled()).toBe(true);
    const before = (await myStates(page)).length;
    await composer.press('Enter');
    expect(await composer.inputValue()).toHaveLength(10_003);
    expect((await myStates(page)).length).toBe(before);
    await composer.fill('');
    expect(await counter.count()).toBe(0);
  });
});

describe('Korean line breaking', () => {
  const sentence = '이 문장은 한국어 줄바꿈을 확인하기 위한 테스트입니다. 단어의 중간에서 줄이 바뀌면 읽기 어렵기 때문에 단어는 항상 온전하게 유지되어야 합니다.';

  /** The words (runs without spaces) of the message text that are split over two lines: the
   * client rects of a word's range all share one line unless the line broke inside it. */
  const brokenWords = (p: Page, wordBreak: string | null) =>
    messageWith(p, '이 문장은').locator('.md').evaluate((md, wb) => {
      if (wb !== null) (md as HTMLElement).style.wordBreak = wb;
      const broken: string[] = [];
      const lines = new Set<number>();
      const walker = document.createTreeWalker(md, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const m of node.textContent!.matchAll(/\S+/g)) {
          const range = document.createRange();
          range.setStart(node, m.index!);
          range.setEnd(node, m.index! + m[0].length);
          const tops = new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top)));
          tops.forEach((t) => lines.add(t));
          if (tops.size > 1) broken.push(m[0]);
        }
      }
      (md as HTMLElement).style.wordBreak = '';
      return { broken, lines: lines.size };
    }, wordBreak);

  async function narrowBubble(p: Page) {
    await p.setViewportSize({ width: 420, height: 800 });
    await messageWith(p, '이 문장은').waitFor();
  }

  it('never breaks a Korean word in the English UI (and the check sees a break when one happens)', async () => {
    await say(parkSocket, room, sentence);
    await narrowBubble(page);
    const result = await brokenWords(page, null);
    expect(result.lines).toBeGreaterThanOrEqual(3); // it does wrap
    expect(result.broken).toEqual([]);
    await messageWith(page, '이 문장은').scrollIntoViewIfNeeded();
    await screenshot(page, 'formatting-korean-narrow-en');
    // The same bubble with the browser's default rule breaks inside words: the check can fail.
    expect((await brokenWords(page, 'normal')).broken.length).toBeGreaterThan(0);
    await page.setViewportSize({ width: 1200, height: 800 });
  });

  it('never breaks a Korean word in the Korean UI either', async () => {
    const ko = await newPage('ko-KR');
    await loginViaUi(ko, me.username);
    await openRoom(ko);
    await narrowBubble(ko);
    const result = await brokenWords(ko, null);
    expect(result.lines).toBeGreaterThanOrEqual(3);
    expect(result.broken).toEqual([]);
    await ko.close();
  });

  it('still wraps a long unbroken string inside the bubble', async () => {
    const long = `https://example.com/${'가'.repeat(30)}${'a'.repeat(300)}`;
    await say(parkSocket, room, `unbroken ${long}`);
    const msg = messageWith(page, 'unbroken');
    await msg.waitFor();
    const fits = await msg.locator('.bubble').evaluate((el) => el.scrollWidth <= el.clientWidth + 1);
    expect(fits).toBe(true);
  });
});
