import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { t } from '../../i18n/index.ts';
import { useHoldPosition } from './virtual-list.tsx';

/** The CSS clamp (`.collapsible.clamped`) is 20 lines; this guesses the same from the text alone,
 * for the first paint and where nothing is laid out (happy-dom). */
export const COLLAPSED_LINES = 20;
const GUESS_CHARS_PER_LINE = 60;

export function guessLines(text: string): number {
  return text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(line.length / GUESS_CHARS_PER_LINE)), 0);
}

/** A long message shows its first 20 lines and a "Show more" button; expanded, "Show less". Whether
 * it is long is measured (the clamped box overflows) whenever its size changes, so the button comes
 * and goes with the window width. */
export function Collapsible({ text, children }: { text: string; children: ComponentChildren }) {
  const [expanded, setExpanded] = useState(false);
  const [long, setLong] = useState(() => guessLines(text) > COLLAPSED_LINES);
  const box = useRef<HTMLDivElement>(null);
  const hold = useHoldPosition();

  useLayoutEffect(() => {
    const el = box.current;
    if (!el || expanded) return;
    const measure = () => {
      if (el.clientHeight > 0) setLong(el.scrollHeight > el.clientHeight + 1);
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [expanded, text]);

  const toggle = () => {
    // Opening grows the message downwards from where it is, even at the bottom of the list.
    hold?.();
    setExpanded(!expanded);
    // Closing a message read down to its end brings its start back into view.
    if (expanded) requestAnimationFrame(() => box.current?.scrollIntoView?.({ block: 'nearest' }));
  };

  return (
    <>
      <div ref={box} class={`collapsible${expanded ? '' : ' clamped'}${long && !expanded ? ' faded' : ''}`}>
        {children}
      </div>
      {(long || expanded) && (
        <button type="button" class="show-more" data-testid="show-more" aria-expanded={expanded} onClick={toggle}>
          {t(expanded ? 'chat.show_less' : 'chat.show_more')}
        </button>
      )}
    </>
  );
}
