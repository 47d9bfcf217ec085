import { useEffect, useState } from 'preact/hooks';
import type { AdminUser } from '../../../../protocol/rest/admin.ts';
import type { UserFilter } from '../../admin/store.ts';
import { t } from '../../i18n/index.ts';
import { confirmInApp } from '../common/confirm.tsx';
import { Icon } from '../common/icons.tsx';
import { useAction } from '../common/use-action.ts';
import { useServices } from '../context.ts';
import { UserRow } from './user-row.tsx';

const FILTERS: UserFilter[] = ['all', 'pending', 'active', 'disabled', 'rejected'];

/** Every account, by status and username: disable/enable, reset the password (the temporary one
 * is shown here once, never again). My own row has no buttons: the server refuses them. */
export function UsersSection() {
  const { admin, session } = useServices();
  const users = admin.users.value;
  const me = session.user?.id;
  const [status, setStatus] = useState<UserFilter>('all');
  const [q, setQ] = useState('');
  const [temporary, setTemporary] = useState<{ name: string; password: string } | null>(null);
  const action = useAction();

  // Typing searches after a short pause, not at every key.
  useEffect(() => {
    const timer = setTimeout(() => void action.run(() => admin.loadUsers(status, q.trim())), q ? 250 : 0);
    return () => clearTimeout(timer);
  }, [status, q]);

  async function setDisabled(u: AdminUser, disabled: boolean) {
    if (disabled && !(await confirmInApp(t('admin.disable_confirm', { name: u.username }), { confirmLabel: t('admin.disable'), danger: true }))) return;
    await action.run(() => admin.setDisabled(u.id, disabled));
  }

  async function reset(u: AdminUser) {
    if (!(await confirmInApp(t('admin.reset_confirm', { name: u.username }), { confirmLabel: t('admin.reset_password'), danger: true }))) return;
    setTemporary(null);
    await action.run(async () => setTemporary({ name: u.username, password: await admin.resetPassword(u.id) }));
  }

  return (
    <div class="stack">
      <div class="admin-filters">
        <label class="search-field">
          <Icon name="search" size={16} />
          <input type="search" value={q} placeholder={t('admin.search')} aria-label={t('admin.search')} onInput={(e) => setQ(e.currentTarget.value)} data-testid="admin-search" />
        </label>
        <select value={status} aria-label={t('admin.filter')} onChange={(e) => setStatus(e.currentTarget.value as UserFilter)} data-testid="admin-status-filter">
          {FILTERS.map((f) => (
            <option key={f} value={f}>
              {t(`admin.status_${f}`)}
            </option>
          ))}
        </select>
      </div>
      {temporary && (
        <div class="temporary-password" role="status" data-testid="temporary-password">
          <strong>{t('admin.temporary_password', { name: temporary.name })}</strong>
          <code data-testid="temporary-password-value">{temporary.password}</code>
          <span class="muted">{t('admin.temporary_password_hint')}</span>
        </div>
      )}
      {action.error && (
        <p class="form-error" role="alert">
          {action.error}
        </p>
      )}
      {users?.length === 0 && <p class="muted">{t('admin.no_users')}</p>}
      <ul class="admin-list" data-testid="admin-user-list" aria-busy={users === null}>
        {users?.map((u) => (
          <UserRow key={u.id} user={u}>
            {u.id !== me && u.status === 'disabled' && (
              <button type="button" class="button soft" disabled={action.busy} onClick={() => void setDisabled(u, false)} data-testid="admin-enable">
                {t('admin.enable')}
              </button>
            )}
            {u.id !== me && u.status !== 'disabled' && (
              <button type="button" class="button ghost danger" disabled={action.busy} onClick={() => void setDisabled(u, true)} data-testid="admin-disable">
                {t('admin.disable')}
              </button>
            )}
            {u.id !== me && (
              <button type="button" class="button ghost" disabled={action.busy} onClick={() => void reset(u)} data-testid="admin-reset-password">
                {t('admin.reset_password')}
              </button>
            )}
          </UserRow>
        ))}
      </ul>
    </div>
  );
}
