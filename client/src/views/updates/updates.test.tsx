// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ClientUpdateResponse } from '../../../../protocol/rest/system.ts';
import { App } from '../../app.tsx';
import { memoryKV } from '../../chat/outbox.ts';
import { locale } from '../../i18n/index.ts';
import { type AppServices, createServices } from '../../services.ts';
import { useDomRoot } from '../../testing/dom-root.ts';
import { type MemoryPlatform, memoryPlatform } from '../../testing/memory-platform.ts';
import { ServicesContext } from '../context.ts';
import { UpdateBanner } from './update-banner.tsx';

const root = useDomRoot();
const flush = () => act(() => new Promise<void>((r) => setTimeout(r, 20)));
const $ = (testId: string) => root().querySelector<HTMLElement>(`[data-testid=${testId}]`);

/** What the server answers to GET /api/client/update (the store against a real server is tested
 * in tests/client/updates-store.test.ts; here only what the views make of it). */
let served: ClientUpdateResponse;
const answer = (over: Partial<ClientUpdateResponse>): ClientUpdateResponse => ({
  channel: 'stable',
  desktop_only_mode: false,
  minimum_version: '1.2.0',
  latest_version: '1.4.0',
  download_url: 'https://downloads.example.com/messenger-1.4.0.zip',
  release_notes_url: 'https://downloads.example.com/notes/1.4.0',
  client_version: '1.1.0',
  update_available: true,
  force_update: false,
  ...over,
});

let platform: MemoryPlatform;
let services: AppServices;
beforeEach(() => {
  locale.value = 'en';
  vi.stubGlobal('fetch', async () => new Response(JSON.stringify(served), { status: 200, headers: { 'content-type': 'application/json' } }));
  platform = memoryPlatform('http://messenger.test');
  platform.version = '1.1.0';
  services = createServices(platform, { outboxKV: memoryKV() });
});
afterEach(() => {
  services.dispose();
  vi.unstubAllGlobals();
  locale.value = 'ko';
});

describe('the update screen (a version below the minimum)', () => {
  it('takes the whole window, in front of the login form, with the download opened in the system browser', async () => {
    served = answer({ force_update: true });
    render(<App services={services} />, root());
    await services.session.restore(); // nothing kept: the login form
    await flush();
    expect($('login-form')).not.toBeNull();

    await services.updates.check();
    await flush();
    expect($('login-form')).toBeNull();
    expect($('update-gate')!.textContent).toContain('This version (1.1.0) is no longer supported. Install version 1.4.0');
    // Nothing else to use: only the two links.
    expect(root().querySelectorAll('input, button, textarea, select')).toHaveLength(0);
    expect([...root().querySelectorAll('a')].map((a) => a.dataset.testid)).toEqual(['update-download', 'update-notes']);
    expect(document.activeElement).toBe($('update-download'));
    $('update-download')!.click();
    $('update-notes')!.click();
    expect(platform.opened).toEqual(['https://downloads.example.com/messenger-1.4.0.zip', 'https://downloads.example.com/notes/1.4.0']);
  });

  it('says whom to ask when the server names no download, and opens nothing but web pages', async () => {
    served = answer({ force_update: true, download_url: '', release_notes_url: 'file:///etc/passwd' });
    render(<App services={services} />, root());
    await services.updates.check();
    await flush();
    expect($('update-gate')!.textContent).toContain('Ask your administrator for the new version.');
    expect(root().querySelectorAll('a')).toHaveLength(0);
  });
});

describe('the update banner (a newer version)', () => {
  const banner = () =>
    render(
      <ServicesContext.Provider value={services}>
        <UpdateBanner />
      </ServicesContext.Provider>,
      root(),
    );

  it('offers the download and the release notes, and stays dismissed for that version', async () => {
    served = answer({ client_version: '1.3.0' });
    platform.version = '1.3.0';
    banner();
    expect($('update-banner')).toBeNull();
    await services.updates.check();
    await flush();
    expect($('update-banner')!.textContent).toContain('Version 1.4.0 is available.');
    $('update-download')!.click();
    $('update-notes')!.click();
    expect(platform.opened).toEqual(['https://downloads.example.com/messenger-1.4.0.zip', 'https://downloads.example.com/notes/1.4.0']);

    $('update-dismiss')!.click();
    await flush();
    expect($('update-banner')).toBeNull();
    await services.updates.check(); // the daily check: still 1.4.0, still dismissed
    await flush();
    expect($('update-banner')).toBeNull();

    served = answer({ client_version: '1.3.0', latest_version: '1.5.0', release_notes_url: '' });
    await services.updates.check();
    await flush();
    expect($('update-banner')!.textContent).toContain('Version 1.5.0 is available.');
    expect($('update-notes')).toBeNull(); // none given
  });

  it('is not shown for the current version', async () => {
    served = answer({ client_version: '1.4.0', update_available: false });
    banner();
    await services.updates.check();
    await flush();
    expect($('update-banner')).toBeNull();
  });
});
