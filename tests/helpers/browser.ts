import fs from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { root } from './entry.ts';

/** Debian's Chromium driven by playwright-core (Playwright cannot download browsers here). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A fresh browser profile per user (own cookies and IndexedDB), in Korean or English. */
export function newUserContext(browser: Browser, locale: 'ko-KR' | 'en-US' = 'ko-KR'): Promise<BrowserContext> {
  return browser.newContext({ locale, viewport: { width: 1200, height: 800 } });
}

/** Screenshots of the main views go here; the suite prints the folder. */
export const SCREENSHOT_DIR = path.join(root, 'test-results', 'screenshots');

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Wait until an element's attribute equals (or, with `not`, differs from) a value. */
export async function waitForAttr(
  locator: import('playwright-core').Locator,
  name: string,
  expected: string,
  opts: { not?: boolean; timeout?: number } = {},
): Promise<void> {
  const deadline = Date.now() + (opts.timeout ?? 10_000);
  let last: string | null = null;
  for (;;) {
    last = await locator.getAttribute(name, { timeout: 1000 }).catch(() => null);
    if (last !== null && (last === expected) !== Boolean(opts.not)) return;
    if (Date.now() > deadline) throw new Error(`${name} ${opts.not ? 'still' : 'never became'} "${expected}" (last: ${last})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
