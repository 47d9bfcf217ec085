import { useLayoutEffect, useRef } from 'preact/hooks';
import { t } from '../../i18n/index.ts';
import type { ChatItem } from '../../stores.ts';
import { confirmInApp } from '../common/confirm.tsx';
import { errorText } from '../common/error-text.ts';
import { Icon, type IconName } from '../common/icons.tsx';
import { useServices } from '../context.ts';
import { canEdit, startCompose } from './compose-mode.ts';
import { copyText } from './copy-text.ts';
import { type MenuState, actionError, messageMenu, readersOf } from './message-menu-state.ts';

/** The quick reactions of the menu (any 1–10 character text is a valid reaction on the wire). */
export const QUICK_REACTIONS = ['👍', '❤️', '😂', '😮', '😢', '🙏'];

interface Entry {
  id: string;
  icon: IconName;
  label: string;
  danger?: boolean;
  run(): Promise<unknown> | void;
}

/** The open message's menu (from the "⋯" button or a right click): quick reactions, then reply,
 * edit, copy, pin, who read it, delete — only what applies to that message. A WAI-ARIA menu:
 * the first entry takes the focus, arrows/Home/End move, Escape or Tab closes, and the focus goes
 * back to the "⋯" button of the message. */
export function MessageMenu({ roomId }: { roomId: number }) {
  const state = messageMenu.value;
  if (!state || state.item.roomId !== roomId) return null;
  return <MenuBox key={state.item.key + state.x + state.y} state={state} />;
}

function MenuBox({ state }: { state: MenuState }) {
  const { actions, pins } = useServices();
  const box = useRef<HTMLDivElement>(null);
  const { item } = state;
  const id = item.id!;

  const close = (refocus: boolean) => {
    if (messageMenu.peek() === state) messageMenu.value = null;
    if (refocus && state.trigger?.isConnected) state.trigger.focus();
  };
  const run = (fn: () => Promise<unknown> | void) => {
    close(true);
    actionError.value = null;
    Promise.resolve()
      .then(fn)
      .catch((err) => (actionError.value = errorText(err)));
  };

  useLayoutEffect(() => {
    const el = box.current!;
    // Keep the menu on screen: left of the pointer near the right edge, above it near the bottom.
    const { width, height } = el.getBoundingClientRect();
    if (state.x + width > window.innerWidth - 8) el.style.left = `${Math.max(8, window.innerWidth - width - 8)}px`;
    if (state.y + height > window.innerHeight - 8) el.style.top = `${Math.max(8, state.y - height)}px`;
    items()[0]?.focus();
    const outside = (e: MouseEvent) => !el.contains(e.target as Node) && close(false);
    document.addEventListener('mousedown', outside);
    return () => document.removeEventListener('mousedown', outside);
  }, []);

  const items = () => Array.from(box.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);
  function onKeyDown(e: KeyboardEvent) {
    const all = items();
    const at = all.indexOf(document.activeElement as HTMLElement);
    const move = (i: number) => all[(i + all.length) % all.length]?.focus();
    if (e.key === 'ArrowDown' || e.key === 'ArrowRight') move(at + 1);
    else if (e.key === 'ArrowUp' || e.key === 'ArrowLeft') move(at - 1);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(all.length - 1);
    else if (e.key === 'Escape') close(true);
    else if (e.key === 'Tab') return close(true);
    else return;
    e.preventDefault();
    e.stopPropagation();
  }

  const entries: Entry[] = [
    { id: 'reply', icon: 'reply', label: t('actions.reply'), run: () => startCompose('reply', item) },
    ...(canEdit(item) ? [{ id: 'edit', icon: 'edit' as const, label: t('actions.edit'), run: () => startCompose('edit', item) }] : []),
    ...(item.type === 'text' ? [{ id: 'copy', icon: 'copy' as const, label: t('actions.copy'), run: () => copyText(item.text) }] : []),
    { id: 'pin', icon: 'pin', label: t('actions.pin'), run: () => pins.create(item.roomId, { messageId: id }) },
    ...(item.mine ? [{ id: 'read-by', icon: 'eye' as const, label: t('actions.read_by'), run: () => void (readersOf.value = item) }] : []),
    ...(item.mine ? [{ id: 'delete', icon: 'trash' as const, label: t('actions.delete'), danger: true, run: () => remove(item) }] : []),
  ];
  async function remove(m: ChatItem) {
    if (await confirmInApp(t('actions.delete_confirm'), { confirmLabel: t('actions.delete'), danger: true })) await actions.remove(m.id!);
  }

  return (
    <div ref={box} class="message-menu" role="menu" aria-label={t('actions.menu')} style={{ left: `${state.x}px`, top: `${state.y}px` }} onKeyDown={onKeyDown} data-testid="message-menu">
      <div class="menu-reactions" role="group" aria-label={t('actions.menu')}>
        {QUICK_REACTIONS.map((emoji) => (
          <button
            key={emoji}
            type="button"
            role="menuitem"
            tabIndex={-1}
            class="menu-emoji"
            aria-label={t('actions.react', { emoji })}
            title={t('actions.react', { emoji })}
            data-testid="menu-react"
            onClick={() => run(() => actions.react(item.roomId, id, emoji))}
          >
            {emoji}
          </button>
        ))}
      </div>
      {entries.map((e) => (
        <button key={e.id} type="button" role="menuitem" tabIndex={-1} class={`menu-item${e.danger ? ' danger' : ''}`} data-testid={`menu-${e.id}`} onClick={() => run(e.run)}>
          <Icon name={e.icon} size={16} />
          <span>{e.label}</span>
        </button>
      ))}
    </div>
  );
}
