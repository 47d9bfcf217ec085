import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import zlib from 'node:zlib';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { audit } from '../helpers/axe.ts';
import { screenshot, waitForAttr } from '../helpers/browser.ts';
import { type E2EUser, roomItem, until, useE2E } from '../helpers/e2e.ts';
import { api } from '../helpers/http.ts';
import type { TestServer } from '../helpers/server.ts';

/** Files in the browser, end to end against the real server: attach with a progress bar, the
 * other side's live preview, the lightbox, byte-identical downloads, an upload cut by going
 * offline, and axe on the card, the preview and the lightbox in both themes. */

const { env, newUser, createRoom, newPage, loginViaUi } = useE2E();
const tag = String(process.pid % 100_000);

// ---- test files

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
/** A real RGB PNG: a colour gradient with noise (noise does not compress, so the file is large
 * enough for the progress bar to be seen while the upload is throttled). */
function png(width: number, height: number): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  const noise = crypto.randomBytes(width * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x++) {
      const n = noise[y * width + x]! >> 3;
      raw[row + 1 + x * 3] = Math.min(255, Math.round((x / width) * 220) + n);
      raw[row + 2 + x * 3] = Math.min(255, Math.round((y / height) * 180) + n);
      raw[row + 3 + x * 3] = 160 + (n >> 1);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw, { level: 1 })), chunk('IEND', Buffer.alloc(0))]);
}
/** A PDF by its magic bytes, padded with random bytes to `size`. */
function pdf(size: number): Buffer {
  const head = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n', 'latin1');
  const tail = Buffer.from('\n%%EOF\n', 'latin1');
  return Buffer.concat([head, crypto.randomBytes(size - head.length - tail.length), tail]);
}

// ---- page helpers

const cdpSessions = new WeakMap<Page, import('playwright-core').CDPSession>();

/** Network conditions of the page through the debugging protocol, one session per page (a
 * throttled request is failed by going offline on the session that throttles it). */
async function network(page: Page, conditions: { uploadBytesPerSecond?: number | null; offline?: boolean }): Promise<void> {
  let cdp = cdpSessions.get(page);
  if (!cdp) {
    cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    cdpSessions.set(page, cdp);
  }
  await cdp.send('Network.emulateNetworkConditions', {
    offline: conditions.offline ?? false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: conditions.uploadBytesPerSecond ?? -1,
  });
}
const throttleUpload = (page: Page, bytesPerSecond: number | null) => network(page, { uploadBytesPerSecond: bytesPerSecond });

/** The progress values the uploads strip showed, sampled until the upload finished. */
async function watchProgress(page: Page, shot: string | null = null): Promise<number[]> {
  const seen: number[] = [];
  const bar = page.getByTestId('upload-progress').first();
  await bar.waitFor({ timeout: 10_000 });
  for (;;) {
    const v = await bar.getAttribute('aria-valuenow', { timeout: 500 }).catch(() => null);
    if (v === null) return seen;
    if (seen.at(-1) !== Number(v)) seen.push(Number(v));
    if (shot && Number(v) >= 30 && Number(v) < 90) {
      await screenshot(page, shot);
      shot = null;
    }
    await page.waitForTimeout(40);
  }
}

/** A TCP hop between the browser and the server that can be cut, like a pulled cable: `cut()`
 * drops every connection (an upload in flight included) and refuses new ones until `restore()`.
 * Chromium's offline emulation alone leaves a request already on the wire running. */
async function cuttableLink(target: string) {
  const { hostname, port } = new URL(target);
  const open = new Set<net.Socket>();
  let down = false;
  const server = net.createServer((client) => {
    if (down) return client.destroy();
    const upstream = net.connect(Number(port), hostname);
    for (const s of [client, upstream]) {
      open.add(s);
      s.on('error', () => {});
      s.on('close', () => {
        open.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    cut() {
      down = true;
      for (const s of open) s.destroy();
    },
    restore() {
      down = false;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const mineSent = (page: Page) => page.locator('[data-testid="message"][data-mine="true"][data-state="sent"]');

async function downloadBytes(page: Page, click: () => Promise<void>): Promise<Buffer> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  return fs.readFileSync((await download.path())!);
}

describe('files in the chat', () => {
  let alice: E2EUser;
  let bob: E2EUser;
  let room: number;
  let a: Page;
  let b: Page;

  beforeAll(async () => {
    alice = await newUser(`Alice ${tag}`);
    bob = await newUser(`Bob ${tag}`);
    room = await createRoom(alice, [bob], `Files ${tag}`);
    a = await newPage();
    b = await newPage();
    await loginViaUi(a, alice.username);
    await loginViaUi(b, bob.username);
    await roomItem(a, room).click();
    await roomItem(b, room).click();
  });

  it('A uploads an image with a visible progress bar; B sees the preview live and downloads the original byte-identical', async () => {
    const image = png(900, 600);
    expect(image.length).toBeGreaterThan(600 * 1024);
    await throttleUpload(a, 256 * 1024);
    await a.getByTestId('attach-input').setInputFiles({ name: '풍경 사진.png', mimeType: 'image/png', buffer: image });
    const progress = await watchProgress(a, 'upload-progress');
    await throttleUpload(a, null);
    // The bar moved through values between empty and full while the bytes went out.
    expect(progress.filter((v) => v > 0 && v < 100).length).toBeGreaterThan(1);
    await mineSent(a).locator('[data-testid=image-preview] img').waitFor();

    // B: the preview arrives live and loads (a thumbnail when the server made one).
    const preview = b.locator('[data-testid="message"][data-mine="false"] [data-testid=image-preview]').last();
    await preview.waitFor({ timeout: 15_000 });
    await until(() => preview.locator('img').evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0), true);
    expect(await preview.locator('img').getAttribute('loading')).toBe('lazy');
    await screenshot(b, 'image-preview');

    // The lightbox shows the original; its download is the very file A attached.
    await preview.click();
    const box = b.getByTestId('lightbox');
    await box.waitFor();
    await until(() => box.getByTestId('lightbox-image').evaluate((img) => (img as HTMLImageElement).naturalWidth), 900);
    await screenshot(b, 'lightbox');
    const bytes = await downloadBytes(b, () => box.getByTestId('file-download').click());
    expect(bytes.equals(image)).toBe(true);
    await b.keyboard.press('Escape');
    await box.waitFor({ state: 'detached' });
    await until(() => b.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.testid ?? null), 'image-preview');
  }, 90_000);

  it('a file is a card with name and size; B downloads it byte-identical under its Korean name', async () => {
    const file = pdf(48 * 1024);
    await a.getByTestId('attach-input').setInputFiles({ name: '보고서 2026.pdf', mimeType: 'application/pdf', buffer: file });
    await until(() => mineSent(a).locator('[data-testid=file-card]').count(), 1);
    expect(await mineSent(a).locator('[data-testid=file-card] .file-size').innerText()).toBe('48 KB');
    const card = b.locator('[data-testid="message"][data-mine="false"] [data-testid=file-card]').last();
    await card.waitFor({ timeout: 15_000 });
    expect(await card.locator('.file-name').innerText()).toBe('보고서 2026.pdf');
    await screenshot(b, 'file-card');
    const [download] = await Promise.all([b.waitForEvent('download'), card.getByTestId('file-download').click()]);
    expect(download.suggestedFilename()).toBe('보고서 2026.pdf');
    expect(fs.readFileSync((await download.path())!).equals(file)).toBe(true);
  }, 60_000);

  it('axe: file card, image preview and lightbox, light and dark', async () => {
    for (const theme of ['light', 'dark'] as const) {
      await b.emulateMedia({ colorScheme: theme });
      expect(await audit(b)).toEqual([]);
      await b.locator('[data-testid=image-preview]').last().click();
      await b.getByTestId('lightbox').waitFor();
      expect(await audit(b)).toEqual([]);
      await b.keyboard.press('Escape');
      await b.getByTestId('lightbox').waitFor({ state: 'detached' });
      // My own side: the card and the preview in my bubbles.
      await a.emulateMedia({ colorScheme: theme });
      expect(await audit(a)).toEqual([]);
    }
    await screenshot(b, 'file-card-dark');
  }, 60_000);

  it('a profile picture set in the settings menu shows in my avatar and in B’s chat, and can be removed', async () => {
    await a.getByTestId('menu-button').click();
    await a.getByTestId('profile-image-input').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: png(120, 120) });
    const loaded = (loc: import('playwright-core').Locator) => loc.evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0);
    await until(() => loaded(a.locator('.sidebar-head .me [data-testid=avatar-image] img')), true);
    // B sees it beside A's messages, live (user_profile_updated).
    const theirs = b.locator('[data-testid="message"][data-mine="false"] [data-testid=avatar-image] img').first();
    await theirs.waitFor({ timeout: 15_000 });
    await until(() => loaded(theirs), true);
    await screenshot(b, 'profile-image');
    await a.getByTestId('profile-image-remove').click();
    await a.locator('.sidebar-head .me [data-testid=avatar-image]').waitFor({ state: 'detached' });
    await b.locator('[data-testid="message"][data-mine="false"] [data-testid=avatar-image]').first().waitFor({ state: 'detached', timeout: 15_000 });
    await a.keyboard.press('Escape');
  }, 60_000);

  it('a 10 MiB upload survives going offline mid-way: retried to the end, exactly one message', async () => {
    // Alice on a second device whose network can be cut.
    const link = await cuttableLink(env.t.url);
    const ap = await newPage();
    try {
      await loginViaUi(ap, alice.username, { ...env.t, url: link.url } as TestServer);
      await roomItem(ap, room).click();
      const file = pdf(10 * 1024 * 1024);
      const attempts: number[] = [];
      ap.on('request', (r) => r.method() === 'POST' && r.url().includes('/api/upload?') && attempts.push(Date.now()));
      await throttleUpload(ap, 1024 * 1024);
      await ap.getByTestId('attach-input').setInputFiles({ name: 'big-offline.pdf', mimeType: 'application/pdf', buffer: file });
      const bar = ap.getByTestId('upload-progress').first();
      await bar.waitFor();
      await until(async () => Number(await bar.getAttribute('aria-valuenow')) >= 20, true, 20_000);

      // Offline mid-way: the browser goes offline and the connection in flight is cut.
      await ap.context().setOffline(true);
      link.cut();
      await waitForAttr(ap.getByTestId('connection-status'), 'data-status', 'connected', { not: true, timeout: 20_000 });
      await until(() => ap.locator('.upload-phase').innerText(), 'Waiting for the connection · 10 MB');
      expect(await ap.getByTestId('upload-item').count()).toBe(1); // kept, waiting: never dropped
      await screenshot(ap, 'upload-offline');

      link.restore();
      await ap.context().setOffline(false);
      await network(ap, { offline: false });
      await waitForAttr(ap.getByTestId('connection-status'), 'data-status', 'connected', { timeout: 30_000 });
      await ap.getByTestId('upload-item').waitFor({ state: 'detached', timeout: 60_000 });
      expect(attempts.length).toBeGreaterThanOrEqual(2); // uploaded again, from the start

      const named = (p: Page) => p.locator('[data-testid=file-card] .file-name', { hasText: 'big-offline.pdf' });
      await until(() => named(b).count(), 1, 20_000);
      await until(() => named(ap).count(), 1);
      const res = await api(env.t.url).get(`/api/rooms/${room}/messages?limit=50&include_meta=0`, { token: bob.token });
      const big = (res.body.messages as Array<{ file_name: string | null }>).filter((m) => m.file_name === 'big-offline.pdf');
      expect(big).toHaveLength(1);
      expect(await b.locator('[data-testid=file-card]', { hasText: 'big-offline.pdf' }).locator('.file-size').innerText()).toBe('10 MB');
      const bytes = await downloadBytes(b, () => b.locator('[data-testid=file-card]', { hasText: 'big-offline.pdf' }).getByTestId('file-download').click());
      expect(bytes.equals(file)).toBe(true);
    } finally {
      await ap.context().close();
      await link.close();
    }
  }, 180_000);
});
