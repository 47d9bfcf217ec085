import { useEffect } from 'preact/hooks';
import { ChatView, NoRoom } from './chat/chat-view.tsx';
import { useServices } from './context.ts';
import { useDocumentTitle } from './document-title.ts';
import { SearchPanel } from './search/search-panel.tsx';
import { searchOpen } from './search/search-open.ts';
import { useSearchShortcut } from './search/search-shortcut.ts';
import { Sidebar } from './sidebar/sidebar.tsx';
import { UpdateBanner } from './updates/update-banner.tsx';

/** Signed in: the room list beside the open room, under the update banner when there is one. On
 * narrow screens one of the two is shown (the chat while a room is open, with a back button). */
export function MainLayout() {
  const { rooms } = useServices();
  const current = rooms.current.value;
  useDocumentTitle();
  useSearchShortcut();
  useEffect(() => {
    if (!rooms.loaded.value) void rooms.load().catch(() => {});
  }, []);
  return (
    <div class="shell">
      <UpdateBanner />
      <div class={`layout${current !== null ? ' room-open' : ''}`}>
        <Sidebar />
        {current !== null ? <ChatView key={current} roomId={current} /> : <NoRoom />}
      </div>
      {searchOpen.value && <SearchPanel />}
    </div>
  );
}
