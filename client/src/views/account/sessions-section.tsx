import { useEffect } from 'preact/hooks';
import type { DeviceSession } from '../../../../protocol/rest/auth.ts';
import { browserLabel } from '../../account/device-label.ts';
import { locale, t } from '../../i18n/index.ts';
import { confirmInApp } from '../common/confirm.tsx';
import { useAction } from '../common/use-action.ts';
import { useServices } from '../context.ts';
import { timeAgo } from '../time-format.ts';

/** My signed-in devices: name, last use, address, which one is this; sign out one, or every other.
 * A signed-out device loses REST and its socket at once and shows the login form. */
export function SessionsSection() {
  const { account } = useServices();
  const sessions = account.sessions.value;
  const action = useAction();

  useEffect(() => {
    void action.run(() => account.loadSessions());
  }, []);

  async function revoke(s: DeviceSession) {
    if (!(await confirmInApp(t('sessions.revoke_confirm', { name: s.device_name }), { confirmLabel: t('sessions.revoke'), danger: true }))) return;
    await action.run(() => account.revoke(s.id));
  }

  async function revokeOthers() {
    if (!(await confirmInApp(t('sessions.revoke_others_confirm'), { confirmLabel: t('sessions.revoke_others'), danger: true }))) return;
    await action.run(() => account.revokeOthers());
  }

  const others = sessions?.filter((s) => !s.is_current).length ?? 0;
  return (
    <div class="stack">
      {action.error && (
        <p class="form-error" role="alert">
          {action.error}
        </p>
      )}
      <ul class="admin-list" data-testid="session-list" aria-busy={sessions === null}>
        {sessions?.map((s) => (
          <li key={s.id} class="admin-row" data-testid="session-item" data-session-id={s.id} data-current={s.is_current}>
            <div class="admin-row-text">
              <strong>
                {s.device_name}
                {s.is_current && <span class="tag accent">{t('sessions.current')}</span>}
              </strong>
              <span class="muted">
                {t('sessions.last_used', { time: timeAgo(s.last_used_at, locale.value) ?? t('sessions.just_now') })}
                {s.ip && ` · ${s.ip}`}
                {browserLabel(s.user_agent) && ` · ${browserLabel(s.user_agent)}`}
              </span>
            </div>
            {!s.is_current && (
              <button type="button" class="button ghost danger" disabled={action.busy} onClick={() => void revoke(s)} data-testid="session-revoke">
                {t('sessions.revoke')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {sessions && others === 0 && <p class="muted">{t('sessions.none_other')}</p>}
      {others > 0 && (
        <div class="dialog-actions">
          <button type="button" class="button soft danger" disabled={action.busy} onClick={() => void revokeOthers()} data-testid="sessions-revoke-others">
            {t('sessions.revoke_others')}
          </button>
        </div>
      )}
    </div>
  );
}
