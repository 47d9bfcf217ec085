import { useRef, useState } from 'preact/hooks';
import { t } from '../../i18n/index.ts';
import type { ChatItem, RoomTimeline } from '../../stores.ts';
import { errorText } from '../common/error-text.ts';
import { useServices } from '../context.ts';
import { actionError } from './message-menu-state.ts';

const LONG_PRESS_MS = 500;

/** Reaction chips under a bubble: a click toggles mine (mine are highlighted); who reacted shows
 * on hover and keyboard focus, and on a long press for touch screens (which then does not toggle). */
export function Reactions({ item, myId, timeline }: { item: ChatItem; myId: number | null; timeline: RoomTimeline }) {
  const { actions } = useServices();
  const [held, setHeld] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const longPressed = useRef(false);
  if (item.reactions.length === 0 || item.deleted || item.id === null) return null;
  const members = timeline.members.value;
  const nameOf = (id: number) => members.find((m) => m.id === id)?.nickname ?? t('chat.unknown_sender');
  const stop = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
  };

  return (
    <div class="reactions" data-testid="reactions">
      {item.reactions.map((r) => {
        const mine = myId !== null && r.user_ids.includes(myId);
        const names = r.user_ids.map(nameOf).join(', ');
        return (
          <button
            key={r.emoji}
            type="button"
            class={`reaction${mine ? ' mine' : ''}`}
            aria-pressed={mine}
            aria-label={t('reactions.label', { emoji: r.emoji, n: r.count, names })}
            data-testid="reaction"
            data-emoji={r.emoji}
            onPointerDown={(e) => {
              if (e.pointerType !== 'touch') return;
              longPressed.current = false;
              stop();
              timer.current = setTimeout(() => {
                longPressed.current = true;
                setHeld(r.emoji);
              }, LONG_PRESS_MS);
            }}
            onPointerUp={stop}
            onPointerLeave={() => {
              stop();
              if (held === r.emoji) setHeld(null);
            }}
            onContextMenu={(e) => longPressed.current && e.preventDefault()}
            onClick={() => {
              if (longPressed.current) return void (longPressed.current = false);
              setHeld(null);
              actions.react(item.roomId, item.id!, r.emoji).catch((err) => (actionError.value = errorText(err)));
            }}
          >
            {r.emoji} <span class="reaction-count">{r.count}</span>
            <span class={`reaction-who${held === r.emoji ? ' show' : ''}`} aria-hidden="true" data-testid="reaction-who">
              {names}
            </span>
          </button>
        );
      })}
    </div>
  );
}
