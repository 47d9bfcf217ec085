import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { t } from '../../i18n/index.ts';
import { composerFocus } from '../chat/composer-focus.ts';
import { Icon } from '../common/icons.tsx';
import { useServices } from '../context.ts';
import { filterRooms, mentioningRooms } from './room-display.ts';
import { RoomItem } from './room-item.tsx';

/** macOS takes ⌘ where the others take Ctrl (there Ctrl+K is the text fields' "delete to the end
 * of the line"). */
const MAC = /Mac|iPhone|iPad/.test(navigator.platform);

/** The filter box and the room list. Keyboard: Down from the filter enters the list, Up/Down
 * (Home/End) move, Enter opens; Enter in the filter opens the first match, Escape clears it; a room
 * opened here has its composer focused. From anywhere, Ctrl+K (⌘K) focuses the filter and
 * Alt+Up/Down open the previous/next room. */
export function RoomList() {
  const { rooms } = useServices();
  const list = rooms.list.value;
  const loaded = rooms.loaded.value;
  const current = rooms.current.value;
  const [query, setQuery] = useState('');
  const [onlyMentions, setOnlyMentions] = useState(false);
  const [focusId, setFocusId] = useState<number | null>(null);
  const filterRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const shown = useMemo(() => filterRooms(onlyMentions ? mentioningRooms(list) : list, query), [list, query, onlyMentions]);
  const rovingId = shown.some((r) => r.id === focusId) ? focusId : (shown.find((r) => r.id === current) ?? shown[0])?.id;

  const shownRef = useRef(shown);
  shownRef.current = shown;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // Never behind a modal, even before it has pulled the focus in (its own handler stops
      // keys only once the focus is inside it).
      if (document.querySelector('[aria-modal="true"]')) return;
      if ((MAC ? e.metaKey : e.ctrlKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        filterRef.current?.focus();
        filterRef.current?.select();
      } else if (e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
        const all = shownRef.current;
        const next = all[all.findIndex((r) => r.id === rooms.current.value) + (e.key === 'ArrowDown' ? 1 : -1)];
        if (next) {
          e.preventDefault();
          rooms.current.value = next.id;
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const open = (id: number) => {
    rooms.current.value = id;
    composerFocus.value++;
  };
  const focusAt = (index: number) => {
    const room = shown[Math.min(Math.max(0, index), shown.length - 1)];
    if (!room) return;
    setFocusId(room.id);
    listRef.current?.querySelector<HTMLElement>(`[data-room-id="${room.id}"]`)?.focus();
  };

  function onListKey(e: KeyboardEvent) {
    const index = shown.findIndex((r) => r.id === rovingId);
    const moves: Record<string, number> = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: shown.length - 1 };
    if (e.key in moves) {
      e.preventDefault();
      if (e.key === 'ArrowUp' && index === 0) filterRef.current?.focus();
      else focusAt(moves[e.key]);
    } else if ((e.key === 'Enter' || e.key === ' ') && rovingId != null) {
      e.preventDefault();
      open(rovingId);
    }
  }

  function onFilterKey(e: KeyboardEvent) {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      focusAt(0);
    } else if (e.key === 'Enter' && !e.isComposing && shown[0]) {
      e.preventDefault();
      open(shown[0].id);
    } else if (e.key === 'Escape') {
      setQuery('');
    }
  }

  return (
    <>
      <div class="search-field sidebar-filter">
        <Icon name="search" size={16} />
        <input
          ref={filterRef}
          type="search"
          value={query}
          placeholder={t('rooms.filter')}
          aria-label={t('rooms.filter')}
          aria-keyshortcuts={MAC ? 'Meta+K' : 'Control+K'}
          onInput={(e) => setQuery(e.currentTarget.value)}
          onKeyDown={onFilterKey}
          data-testid="room-filter"
        />
        <button
          type="button"
          class={`icon-button mention-filter${onlyMentions ? ' pressed' : ''}`}
          aria-pressed={onlyMentions}
          aria-label={t('rooms.filter_mentions')}
          title={t('rooms.filter_mentions')}
          onClick={() => setOnlyMentions(!onlyMentions)}
          data-testid="mention-filter"
        >
          <Icon name="at" size={16} />
        </button>
      </div>
      {/* Outside the listbox: a listbox holds only options. */}
      {shown.length === 0 && (
        <p class="empty" role="status">
          {!loaded ? t('rooms.loading') : query ? t('rooms.no_match') : onlyMentions ? t('rooms.no_mentions') : t('rooms.none')}
        </p>
      )}
      <ul ref={listRef} class="room-list" role="listbox" aria-label={t('rooms.title')} data-testid="room-list" onKeyDown={onListKey}>
        {shown.map((room) => (
          <RoomItem
            key={room.id}
            room={room}
            selected={room.id === current}
            focusable={room.id === rovingId}
            onOpen={() => open(room.id)}
            onFocus={() => setFocusId(room.id)}
          />
        ))}
      </ul>
    </>
  );
}
