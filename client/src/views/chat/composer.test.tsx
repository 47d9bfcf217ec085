// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { memoryKV } from '../../chat/outbox.ts';
import { locale, t } from '../../i18n/index.ts';
import { type AppServices, createServices } from '../../services.ts';
import { useDomRoot } from '../../testing/dom-root.ts';
import { memoryPlatform } from '../../testing/memory-platform.ts';
import { ServicesContext } from '../context.ts';
import { Composer } from './composer.tsx';
import { COUNTER_FROM, MESSAGE_MAX } from './length-counter.tsx';

const root = useDomRoot();
let services: AppServices | null = null;
afterEach(() => {
  services?.dispose();
  locale.value = 'ko';
});

function mount() {
  services = createServices(memoryPlatform('http://127.0.0.1:9'), { outboxKV: memoryKV() });
  const send = vi.spyOn(services.sender, 'send').mockResolvedValue();
  act(() => {
    render(
      <ServicesContext.Provider value={services}>
        <Composer roomId={1} />
      </ServicesContext.Provider>,
      root(),
    );
  });
  const box = root().querySelector<HTMLTextAreaElement>('[data-testid=composer]')!;
  const type = (value: string) =>
    act(() => {
      box.value = value;
      box.dispatchEvent(new Event('input', { bubbles: true }));
    });
  const enter = () => act(() => void box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true })));
  const counter = () => root().querySelector<HTMLElement>('[data-testid=char-counter]');
  const sendButton = () => root().querySelector<HTMLButtonElement>('[data-testid=send-button]')!;
  return { box, type, enter, counter, sendButton, send };
}

describe('the composer’s length counter', () => {
  it('appears from 90% of the server’s limit, counting code points of the trimmed text', () => {
    locale.value = 'en';
    expect(MESSAGE_MAX).toBe(10_000);
    expect(COUNTER_FROM).toBe(9_000);
    const c = mount();
    c.type('a'.repeat(COUNTER_FROM - 1));
    expect(c.counter()).toBeNull();
    c.type(`  ${'😀'.repeat(COUNTER_FROM)}  `); // one code point each, two UTF-16 units
    expect(c.counter()!.textContent).toBe('9,000 / 10,000 characters');
    expect(c.counter()!.dataset.over).toBe('false');
    expect(c.sendButton().disabled).toBe(false);
  });

  it('over the limit: warns, says why, and neither the button nor Enter sends', () => {
    locale.value = 'en';
    const c = mount();
    c.type('b'.repeat(MESSAGE_MAX + 12));
    expect(c.counter()!.dataset.over).toBe('true');
    expect(c.counter()!.classList.contains('over')).toBe(true);
    expect(root().querySelector('[data-testid=too-long]')!.textContent).toBe(t('message.too_long', { max: '10,000', over: '12' }));
    expect(c.box.getAttribute('aria-invalid')).toBe('true');
    expect(c.sendButton().disabled).toBe(true);
    c.enter();
    expect(c.send).not.toHaveBeenCalled();
    expect(c.box.value).toHaveLength(MESSAGE_MAX + 12); // kept, to be shortened

    c.type('b'.repeat(MESSAGE_MAX));
    expect(root().querySelector('[data-testid=too-long]')).toBeNull();
    c.enter();
    expect(c.send).toHaveBeenCalledWith(1, 'b'.repeat(MESSAGE_MAX));
  });
});
