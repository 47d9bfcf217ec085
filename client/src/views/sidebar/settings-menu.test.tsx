// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { memoryKV } from '../../chat/outbox.ts';
import type { Autostart } from '../../platform/types.ts';
import { type AppServices, createServices } from '../../services.ts';
import { useDomRoot } from '../../testing/dom-root.ts';
import { memoryPlatform } from '../../testing/memory-platform.ts';
import { ServicesContext } from '../context.ts';
import { SettingsMenu } from './settings-menu.tsx';

const root = useDomRoot();
const flush = () => act(() => new Promise<void>((r) => setTimeout(r, 20)));
/** Flushes until `done` holds (or 100 rounds): the entry is re-read asynchronously, and a loaded
 * machine may need more than one round. */
async function settle(done: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !done(); i++) await flush();
}
let services: AppServices | null = null;
afterEach(() => services?.dispose());

/** The OS entry as the desktop module reports it; `fail` makes the next change fail. */
function osEntry(enabled: boolean) {
  const entry = { enabled, fail: false, changes: [] as boolean[] };
  const autostart: Autostart = {
    isEnabled: async () => entry.enabled,
    setEnabled: async (on) => {
      entry.changes.push(on);
      if (entry.fail) throw new Error('EACCES');
      entry.enabled = on;
    },
  };
  return { entry, autostart };
}

async function openMenu(autostart?: Autostart) {
  const platform = { ...memoryPlatform('http://127.0.0.1:9'), autostart };
  services = createServices(platform, { outboxKV: memoryKV() });
  render(
    <ServicesContext.Provider value={services}>
      <SettingsMenu onClose={() => {}} />
    </ServicesContext.Provider>,
    root(),
  );
  const box = () => root().querySelector<HTMLInputElement>('[data-testid=autostart]');
  await flush();
  if (autostart) await settle(() => box()?.disabled === false); // the OS entry has been read
  return box();
}

describe('the settings menu: start at login', () => {
  it('is not there without the desktop platform', async () => {
    expect(await openMenu()).toBeNull();
  });

  it('shows the OS entry and changes it', async () => {
    const { entry, autostart } = osEntry(false);
    const box = (await openMenu(autostart))!;
    expect(box.checked).toBe(false);
    expect(box.disabled).toBe(false);
    box.click();
    await settle(() => entry.changes.length > 0);
    expect(entry.changes).toEqual([true]);
    expect(box.checked).toBe(true);
  });

  it('shows the entry as it is after a change that failed', async () => {
    const { entry, autostart } = osEntry(true);
    const box = (await openMenu(autostart))!;
    expect(box.checked).toBe(true);
    entry.fail = true;
    box.click();
    expect(box.checked).toBe(false); // the click's own toggle, until the entry is read back
    await settle(() => box.checked);
    expect(entry.changes).toEqual([false]);
    expect(box.checked).toBe(true);
  });
});
