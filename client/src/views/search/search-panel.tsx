import { locale, t } from '../../i18n/index.ts';
import type { SearchResult } from '../../stores.ts';
import { Dialog } from '../common/dialog.tsx';
import { Icon } from '../common/icons.tsx';
import { useServices } from '../context.ts';
import { roomName } from '../sidebar/room-display.ts';
import { dateTime } from '../time-format.ts';
import { searchOpen } from './search-open.ts';

/** Message search over every room I am in, or only the open one: the server's hits (plaintext,
 * file names) and this device's (encrypted messages it has read), newest first. A result opens
 * its room at that message, highlighted. */
export function SearchPanel() {
  const { search, rooms, chat } = useServices();
  const results = search.results.value;
  const list = rooms.list.value;
  const lang = locale.value;
  const current = list.find((x) => x.id === rooms.current.value);
  const close = () => (searchOpen.value = false);

  const open = (r: SearchResult) => {
    close();
    search.target.value = { roomId: r.roomId, messageId: r.id };
    rooms.current.value = r.roomId;
    void chat.reveal(r.roomId, r.id).catch(() => false);
  };

  return (
    <Dialog title={t('search.title')} onClose={close} testId="search-panel">
      <div class="stack search-panel">
        <div class="search-field">
          <Icon name="search" size={16} />
          <input
            type="search"
            data-autofocus
            value={search.query.value}
            placeholder={t('search.placeholder')}
            aria-label={t('search.title')}
            aria-describedby="search-status"
            onInput={(e) => search.input(e.currentTarget.value)}
            data-testid="search-input"
          />
        </div>
        {current && (
          <label class="check">
            <input type="checkbox" checked={search.roomOnly.value} onChange={(e) => search.setRoomOnly(e.currentTarget.checked)} data-testid="search-room-only" />
            {t('search.room_only', { room: roomName(current) })}
          </label>
        )}
        <p id="search-status" class="muted" role="status" data-testid="search-status">
          {results === null ? t('search.hint') : search.searching.value ? t('search.searching') : results.length === 0 ? t('search.none') : t(results.length === 1 ? 'search.count_one' : 'search.count', { n: results.length })}
        </p>
        {search.error.value && (
          <p class="form-error" role="alert">
            {search.error.value}
          </p>
        )}
        {results && results.length > 0 && (
          <ul class="search-results" aria-label={t('search.results')} data-testid="search-results">
            {results.map((r) => {
              const room = list.find((x) => x.id === r.roomId);
              return (
                <li key={r.id}>
                  <button type="button" class="search-result" onClick={() => open(r)} data-testid="search-result" data-message-id={r.id} data-source={r.source}>
                    <span class="search-result-head">
                      <strong>{room ? roomName(room) : ''}</strong>
                      <span>{r.senderName ?? t('chat.unknown_sender')}</span>
                      <time dateTime={r.createdAt}>{dateTime(r.createdAt, lang)}</time>
                      {r.source === 'device' && <span class="search-device">{t('search.device')}</span>}
                    </span>
                    <span class="search-result-text">
                      {r.file && <Icon name="file" size={14} />} {r.text}
                    </span>
                  </button>
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </Dialog>
  );
}
