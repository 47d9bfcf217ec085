// @vitest-environment happy-dom
import crypto from 'node:crypto';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { releaseStatement } from '../../../../protocol/release-signature.ts';
import type { ClientUpdateResponse } from '../../../../protocol/rest/system.ts';
import { memoryKV } from '../../chat/outbox.ts';
import { locale } from '../../i18n/index.ts';
import { type AppServices, createServices } from '../../services.ts';
import { useDomRoot } from '../../testing/dom-root.ts';
import { type MemoryPlatform, memoryPlatform } from '../../testing/memory-platform.ts';
import { ServicesContext } from '../context.ts';
import { UpdateBanner } from './update-banner.tsx';

/** A build that trusts a release key: the banner offers the download only once the artifact is
 * verified, saves exactly those bytes, and says so when it is refused. */
const root = useDomRoot();
const flush = () => act(() => new Promise<void>((r) => setTimeout(r, 30)));
const $ = (testId: string) => root().querySelector<HTMLElement>(`[data-testid=${testId}]`);

const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
const releaseKey = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('base64');
const artifact = new Uint8Array(crypto.randomBytes(4096));
const sha = crypto.createHash('sha256').update(artifact).digest('hex');
const URL_ = 'https://downloads.example.com/messenger-1.4.0.zip';
const policy: ClientUpdateResponse = {
  channel: 'stable',
  desktop_only_mode: false,
  minimum_version: '1.0.0',
  latest_version: '1.4.0',
  download_url: URL_,
  release_notes_url: '',
  client_version: '1.3.0',
  update_available: true,
  force_update: false,
  artifact_sha256: sha,
  artifact_signature: crypto.sign(null, Buffer.from(releaseStatement('1.4.0', sha)), privateKey).toString('base64'),
  signature_alg: 'ed25519',
};

let served: Uint8Array;
let platform: MemoryPlatform;
let services: AppServices;
const saved: Array<{ name: string; bytes: Uint8Array }> = [];
beforeEach(() => {
  locale.value = 'en';
  saved.length = 0;
  vi.stubGlobal('fetch', async (url: string) =>
    String(url) === URL_ ? new Response(served as Uint8Array<ArrayBuffer>) : new Response(JSON.stringify(policy), { headers: { 'content-type': 'application/json' } }),
  );
  platform = memoryPlatform('http://messenger.test');
  platform.version = '1.3.0';
  platform.saveFile = async (name, blob) => {
    saved.push({ name, bytes: new Uint8Array(await blob.arrayBuffer()) });
    return true;
  };
  services = createServices(platform, { outboxKV: memoryKV(), releaseKey });
  render(
    <ServicesContext.Provider value={services}>
      <UpdateBanner />
    </ServicesContext.Provider>,
    root(),
  );
});
afterEach(() => {
  services.dispose();
  vi.unstubAllGlobals();
  locale.value = 'ko';
});

describe('the update banner of a signed build', () => {
  it('offers the verified artifact and saves exactly its bytes (nothing opened in the browser)', async () => {
    served = artifact;
    await services.updates.check();
    await vi.waitFor(async () => {
      await flush();
      expect($('update-download')?.tagName).toBe('BUTTON');
    });
    $('update-download')!.click();
    await flush();
    expect(saved.map((s) => s.name)).toEqual(['messenger-1.4.0.zip']);
    expect(Buffer.from(saved[0]!.bytes).equals(Buffer.from(artifact))).toBe(true);
    expect(platform.opened).toEqual([]);
  });

  it('refuses a tampered artifact with a notice and no download', async () => {
    served = artifact.slice();
    served[0] = served[0]! ^ 0xff;
    await services.updates.check();
    await vi.waitFor(async () => {
      await flush();
      expect($('update-refused')).not.toBeNull();
    });
    expect($('update-refused')!.textContent).toContain('failed its signature check');
    expect($('update-download')).toBeNull();
    expect($('update-banner')!.textContent).toContain('Version 1.4.0 is available.');
  });
});
