import { useRef, useState } from 'preact/hooks';
import { t } from '../../i18n/index.ts';
import { AccountDialog } from '../account/account-dialog.tsx';
import { AdminDialog } from '../admin/admin-dialog.tsx';
import { Avatar } from '../common/avatar.tsx';
import { Icon } from '../common/icons.tsx';
import { useServices } from '../context.ts';
import { ConnectionStatus } from './connection-status.tsx';
import { SettingsMenu } from './settings-menu.tsx';

/** Who I am, whether the socket is up, how many messages wait to be sent, and the menu. */
export function SidebarHeader() {
  const { session, sender } = useServices();
  const state = session.state.value;
  const unsent = sender.unsent.value;
  const [menuOpen, setMenuOpen] = useState(false);
  const [panel, setPanel] = useState<'account' | 'admin' | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const closeMenu = (restoreFocus: boolean) => {
    setMenuOpen(false);
    if (restoreFocus) button.current?.focus();
  };
  const user = state.status === 'authenticated' ? state.user : null;

  return (
    <header class="sidebar-head">
      <div class="me">
        <Avatar name={user?.nickname ?? null} id={user?.id ?? null} image={user?.profile_image} />
        <ConnectionStatus />
        <div class="me-text">
          <strong class="me-name" data-testid="my-nickname">
            {user?.nickname}
          </strong>
          {unsent > 0 && <span class="me-unsent">{t('message.unsent', { n: unsent })}</span>}
        </div>
      </div>
      <button
        ref={button}
        type="button"
        class="icon-button"
        data-testid="menu-button"
        aria-haspopup="dialog"
        aria-expanded={menuOpen}
        aria-label={t('menu.open')}
        title={t('menu.open')}
        onClick={() => setMenuOpen(!menuOpen)}
      >
        <Icon name="menu" />
      </button>
      {menuOpen && (
        <SettingsMenu
          onClose={closeMenu}
          onOpen={(p) => {
            setMenuOpen(false);
            setPanel(p);
          }}
        />
      )}
      {panel === 'account' && <AccountDialog onClose={() => setPanel(null)} />}
      {panel === 'admin' && <AdminDialog onClose={() => setPanel(null)} />}
    </header>
  );
}
