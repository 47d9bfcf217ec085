// @vitest-environment happy-dom
import { signal } from '@preact/signals';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { useDomRoot } from './testing/dom-root.ts';
import { App } from './app.tsx';
import { memoryKV } from './chat/outbox.ts';
import { createServices } from './services.ts';
import { memoryPlatform } from './testing/memory-platform.ts';

const root = useDomRoot();

/** Preact runs effects after paint; this lets them (and the re-renders they cause) happen. */
const flush = () => act(() => new Promise<void>((r) => setTimeout(r, 20)));

// A change that lands after a component rendered but before its effects ran (a session restored
// in a few microtasks, a list loaded meanwhile) must reach the screen.
describe('signals in views', () => {
  it('shows a change made between the first render and the effects', async () => {
    const label = signal('before');
    function Label() {
      return <span>{label.value}</span>;
    }
    render(<Label />, root());
    label.value = 'after';
    await flush();
    expect(root().textContent).toBe('after');
  });

  it('leaves the splash when the session turns anonymous right after mount', async () => {
    // A desktop start with no kept device token: restore() settles in microtasks.
    const services = createServices(memoryPlatform('http://127.0.0.1:9'), { outboxKV: memoryKV() });
    render(<App services={services} />, root());
    expect(root().querySelector('.splash')).not.toBeNull();
    await services.session.restore();
    await flush();
    expect(root().querySelector('.splash')).toBeNull();
    expect(root().querySelector('[data-testid=login-form]')).not.toBeNull();
    services.dispose();
  });
});
