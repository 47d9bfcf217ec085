import { useState } from 'preact/hooks';
import { t } from '../../i18n/index.ts';
import { Icon } from '../common/icons.tsx';
import { NewRoomDialog } from '../rooms/new-room-dialog.tsx';
import { RoomList } from './room-list.tsx';
import { SidebarHeader } from './sidebar-header.tsx';

export function Sidebar() {
  const [creating, setCreating] = useState<'direct' | 'group' | null>(null);
  return (
    <aside class="sidebar" aria-label={t('rooms.title')}>
      <SidebarHeader />
      <div class="sidebar-actions">
        <button type="button" class="button soft" data-testid="new-direct" onClick={() => setCreating('direct')}>
          <Icon name="message" size={16} /> {t('rooms.new_direct')}
        </button>
        <button type="button" class="button soft" data-testid="new-group" onClick={() => setCreating('group')}>
          <Icon name="users" size={16} /> {t('rooms.new_group')}
        </button>
      </div>
      <RoomList />
      {creating && <NewRoomDialog kind={creating} onClose={() => setCreating(null)} />}
    </aside>
  );
}
