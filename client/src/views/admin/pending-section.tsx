import { useEffect } from 'preact/hooks';
import type { AdminUser } from '../../../../protocol/rest/admin.ts';
import { t } from '../../i18n/index.ts';
import { confirmInApp } from '../common/confirm.tsx';
import { useAction } from '../common/use-action.ts';
import { useServices } from '../context.ts';
import { UserRow } from './user-row.tsx';

/** Accounts waiting for approval: approve, or reject (asked first). */
export function PendingSection() {
  const { admin } = useServices();
  const pending = admin.pending.value;
  const action = useAction();

  useEffect(() => {
    void action.run(() => admin.loadPending());
  }, []);

  async function reject(u: AdminUser) {
    if (!(await confirmInApp(t('admin.reject_confirm', { name: u.username }), { confirmLabel: t('admin.reject'), danger: true }))) return;
    await action.run(() => admin.review(u.id, false));
  }

  return (
    <div class="stack">
      {action.error && (
        <p class="form-error" role="alert">
          {action.error}
        </p>
      )}
      {pending?.length === 0 && <p class="muted">{t('admin.no_pending')}</p>}
      <ul class="admin-list" data-testid="pending-list" aria-busy={pending === null}>
        {pending?.map((u) => (
          <UserRow key={u.id} user={u}>
            <button type="button" class="button primary" disabled={action.busy} onClick={() => void action.run(() => admin.review(u.id, true))} data-testid="admin-approve">
              {t('admin.approve')}
            </button>
            <button type="button" class="button ghost danger" disabled={action.busy} onClick={() => void reject(u)} data-testid="admin-reject">
              {t('admin.reject')}
            </button>
          </UserRow>
        ))}
      </ul>
    </div>
  );
}
