import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { t } from '../../i18n/index.ts';
import { Icon } from './icons.tsx';

const FOCUSABLE = 'input, select, textarea, button, [tabindex]:not([tabindex="-1"])';

/** A modal dialog: focus moves in on open and back out on close, Tab stays inside, Escape and a
 * click on the backdrop close it. The box itself takes the focus of a click on its text, so Escape
 * still reaches it; its keys stop there, so the page's shortcuts (Ctrl+K, Alt+arrows) do not act
 * behind it. Escape closes the topmost dialog even when the focus is outside it (before its
 * focus moved in, or after the element holding it went away). */
export function Dialog(props: { title: string; onClose(): void; children: ComponentChildren; testId?: string; wide?: boolean }) {
  const box = useRef<HTMLDivElement>(null);
  const onClose = useRef(props.onClose);
  onClose.current = props.onClose;
  // A layout effect: the focus moves in and Escape works as soon as the box is in the DOM (an
  // effect waits for the next frame, and a key pressed before it was lost under load).
  useLayoutEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    // The field marked data-autofocus, else the first control after the title bar.
    const body = box.current?.querySelector('.dialog-body');
    (box.current?.querySelector<HTMLElement>('[data-autofocus]') ?? body?.querySelector<HTMLElement>(FOCUSABLE))?.focus();
    const onStrayKey = (e: KeyboardEvent) => {
      const modals = document.querySelectorAll('[aria-modal="true"]');
      if (e.key === 'Escape' && modals[modals.length - 1] === box.current) onClose.current();
    };
    document.addEventListener('keydown', onStrayKey);
    return () => {
      document.removeEventListener('keydown', onStrayKey);
      previous?.focus?.();
    };
  }, []);

  function onKeyDown(e: KeyboardEvent) {
    e.stopPropagation();
    if (e.key === 'Escape') {
      props.onClose();
    } else if (e.key === 'Tab' && box.current) {
      const all = Array.from(box.current.querySelectorAll<HTMLElement>(FOCUSABLE)).filter((el) => !(el as HTMLButtonElement).disabled);
      if (all.length === 0) return;
      const [first, last] = [all[0], all[all.length - 1]];
      if (e.shiftKey && document.activeElement === first) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault();
        first.focus();
      }
    }
  }

  return (
    <div class="backdrop" onMouseDown={(e) => e.target === e.currentTarget && props.onClose()}>
      <div ref={box} class={`dialog${props.wide ? ' wide' : ''}`} role="dialog" aria-modal="true" tabIndex={-1} aria-labelledby="dialog-title" onKeyDown={onKeyDown} data-testid={props.testId}>
        <header class="dialog-head">
          <h2 id="dialog-title">{props.title}</h2>
          <button type="button" class="icon-button" onClick={props.onClose} aria-label={t('dialog.close')} title={t('dialog.close')}>
            <Icon name="x" />
          </button>
        </header>
        <div class="dialog-body">{props.children}</div>
      </div>
    </div>
  );
}
