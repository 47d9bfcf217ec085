import { useState } from 'preact/hooks';
import { t } from '../../i18n/index.ts';
import type { PinItem, RoomTimeline } from '../../stores.ts';
import { Icon } from '../common/icons.tsx';
import { useAction } from '../common/use-action.ts';
import { useServices } from '../context.ts';
import { jumpToMessage } from '../chat/jump.ts';
import { NewPinDialog } from './new-pin-dialog.tsx';

/** The room's notices above the timeline: the newest one as a bar, unfolding into all of them,
 * each with "go to message" (when that message is loaded here) and Unpin. Nothing shows while the
 * room has none. */
export function PinnedBar({ timeline }: { timeline: RoomTimeline }) {
  const { pins } = useServices();
  const [expanded, setExpanded] = useState(false);
  const [adding, setAdding] = useState(false);
  const action = useAction();
  const roomId = timeline.roomId;
  const list = pins.of(roomId).value ?? [];
  const latest = list[0];
  if (!latest) return null;
  const items = timeline.items.value;
  const loaded = (p: PinItem) => p.messageId !== null && items.some((it) => it.id === p.messageId && it.state === 'sent');
  const by = (p: PinItem) => t('pins.by', { name: p.byName ?? t('chat.unknown_sender') });
  const toggle = t(expanded ? 'pins.hide' : 'pins.show_all', { n: list.length });

  return (
    <section class="pinned-bar" aria-label={t('pins.title')} data-testid="pinned-bar">
      <div class="pinned-bar-row">
        <Icon name="notice" size={16} />
        <button type="button" class="pinned-latest" aria-expanded={expanded} onClick={() => setExpanded(!expanded)} data-testid="pinned-latest">
          <span class="pinned-text">{latest.text}</span>
          <span class="pinned-meta">{by(latest)}</span>
        </button>
        {loaded(latest) && !expanded && (
          <button type="button" class="link-button" onClick={() => jumpToMessage(roomId, latest.messageId!)} data-testid="pinned-jump">
            {t('pins.jump')}
          </button>
        )}
        {list.length > 1 && (
          <span class="pinned-count" aria-hidden="true">
            {list.length}
          </span>
        )}
        <button type="button" class="icon-button" aria-label={toggle} title={toggle} aria-expanded={expanded} onClick={() => setExpanded(!expanded)} data-testid="pinned-toggle">
          <span class={`chevron${expanded ? ' up' : ''}`}>
            <Icon name="down" />
          </span>
        </button>
      </div>
      {expanded && (
        <ul class="pinned-list" data-testid="pinned-list">
          {list.map((p) => (
            <li key={p.id} class="pinned-item" data-testid="pinned-item" data-pin-id={p.id}>
              <div class="pinned-item-text">
                <span class="pinned-text">{p.text}</span>
                <span class="pinned-meta">{by(p)}</span>
              </div>
              {loaded(p) && (
                <button type="button" class="link-button" onClick={() => jumpToMessage(roomId, p.messageId!)} data-testid="pinned-jump">
                  {t('pins.jump')}
                </button>
              )}
              <button type="button" class="icon-button" aria-label={t('pins.delete')} title={t('pins.delete')} onClick={() => void action.run(() => pins.remove(roomId, p.id))} data-testid="pinned-delete">
                <Icon name="trash" size={16} />
              </button>
            </li>
          ))}
          <li>
            <button type="button" class="link-button" onClick={() => setAdding(true)} data-testid="pinned-add">
              {t('pins.new')}
            </button>
          </li>
        </ul>
      )}
      {adding && <NewPinDialog roomId={roomId} onClose={() => setAdding(false)} />}
      {action.error && (
        <p class="form-error" role="alert">
          {action.error}
        </p>
      )}
    </section>
  );
}
