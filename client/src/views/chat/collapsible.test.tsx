// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { locale } from '../../i18n/index.ts';
import { useDomRoot } from '../../testing/dom-root.ts';
import { COLLAPSED_LINES, Collapsible, guessLines } from './collapsible.tsx';

// happy-dom lays nothing out, so "long" is the guess from the text (the browser measures: e2e).
const root = useDomRoot();

function show(text: string) {
  act(() => {
    render(<Collapsible text={text}>{text}</Collapsible>, root());
  });
  return {
    box: () => root().querySelector<HTMLElement>('.collapsible')!,
    button: () => root().querySelector<HTMLButtonElement>('[data-testid=show-more]'),
  };
}

describe('Collapsible', () => {
  it('guesses lines from newlines and long lines', () => {
    expect(guessLines('a')).toBe(1);
    expect(guessLines('a\n\nb')).toBe(3);
    expect(guessLines('x'.repeat(6_000))).toBe(100);
  });

  it('shows a short message whole, without a button', () => {
    const v = show('line\n'.repeat(COLLAPSED_LINES - 1).trim());
    expect(v.button()).toBeNull();
  });

  it('collapses a 6,000-character message behind Show more, and Show less closes it again', () => {
    locale.value = 'en';
    const v = show('긴 메시지입니다. '.repeat(600));
    expect(v.box().classList.contains('clamped')).toBe(true);
    expect(v.button()!.textContent).toBe('Show more');
    expect(v.button()!.getAttribute('aria-expanded')).toBe('false');
    expect(v.button()!.type).toBe('button');
    act(() => v.button()!.click());
    expect(v.box().classList.contains('clamped')).toBe(false);
    expect(v.button()!.textContent).toBe('Show less');
    expect(v.button()!.getAttribute('aria-expanded')).toBe('true');
    act(() => v.button()!.click());
    expect(v.box().classList.contains('clamped')).toBe(true);
    locale.value = 'ko';
    act(() => v.button()!.click());
    expect(v.button()!.textContent).toBe('접기');
  });
});
