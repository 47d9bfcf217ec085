import { t } from '../../i18n/index.ts';
import type { RoomTimeline } from '../../stores.ts';

/** "Kim is typing…" under the messages; the line keeps its height so nothing jumps. */
export function TypingLine({ timeline }: { timeline: RoomTimeline }) {
  const typing = timeline.typing.value;
  const names = typing.map((u) => u.nickname);
  return (
    <div class="typing-line" aria-live="polite">
      {names.length > 0 && (
        <span data-testid="typing-indicator">
          <span class="typing-dots" aria-hidden="true">
            <i />
            <i />
            <i />
          </span>
          {names.length === 1 ? t('typing.one', { name: names[0] }) : t('typing.many', { names: names.slice(0, 3).join(', ') })}
        </span>
      )}
    </div>
  );
}
