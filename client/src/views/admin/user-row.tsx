import type { ComponentChildren } from 'preact';
import type { AdminUser } from '../../../../protocol/rest/admin.ts';
import { locale, t } from '../../i18n/index.ts';
import { dateTime } from '../time-format.ts';

/** One account in the admin lists: names, status, dates, and the row's buttons. */
export function UserRow(props: { user: AdminUser; children: ComponentChildren }) {
  const u = props.user;
  return (
    <li class="admin-row" data-testid="admin-user" data-user-id={u.id} data-username={u.username} data-status={u.status}>
      <div class="admin-row-text">
        <strong>
          {u.nickname} <span class="muted">@{u.username}</span>
          {u.is_platform_admin && <span class="tag accent">{t('admin.platform_admin')}</span>}
          <span class={`tag status-${u.status}`}>{t(`admin.status_${u.status}`)}</span>
        </strong>
        <span class="muted">
          {t('admin.registered', { time: dateTime(u.created_at, locale.value) })} ·{' '}
          {u.last_login_at ? t('admin.last_login', { time: dateTime(u.last_login_at, locale.value) }) : t('admin.never_logged_in')}
        </span>
      </div>
      <div class="admin-row-actions">{props.children}</div>
    </li>
  );
}
