import { useEffect } from 'preact/hooks';
import type { AdminAuditEntry } from '../../../../protocol/rest/admin.ts';
import { clientCatalog } from '../../../../protocol/i18n/client.ts';
import { locale, t } from '../../i18n/index.ts';
import { useAction } from '../common/use-action.ts';
import { useServices } from '../context.ts';
import { dateTime } from '../time-format.ts';

/** One entry in words: who did what to whom (usernames where known, else #id). */
function describe(e: AdminAuditEntry, names: ReadonlyMap<number, string>): string {
  const actor = e.actor_user_id === null ? t('admin.operator') : (names.get(e.actor_user_id) ?? `#${e.actor_user_id}`);
  const detailName = typeof e.details.username === 'string' ? e.details.username : null;
  const target = e.target_user_id === null ? '-' : (detailName ?? names.get(e.target_user_id) ?? `#${e.target_user_id}`);
  const key = `audit.${e.action}`;
  return key in clientCatalog.ko ? t(key, { actor, target }) : t('audit.other', { actor, target, action: e.action });
}

/** The admin audit log, newest first, 50 at a time ("Show older" follows next_before_id). */
export function AuditSection() {
  const { admin } = useServices();
  const entries = admin.audit.value;
  const action = useAction();

  useEffect(() => {
    void action.run(() => admin.loadAudit());
  }, []);

  const names = admin.names.value;
  return (
    <div class="stack">
      {action.error && (
        <p class="form-error" role="alert">
          {action.error}
        </p>
      )}
      {entries?.length === 0 && <p class="muted">{t('admin.audit_empty')}</p>}
      <ol class="admin-list audit-list" data-testid="audit-list" aria-busy={entries === null}>
        {entries?.map((e) => (
          <li key={e.id} class="admin-row" data-testid="audit-entry" data-action={e.action}>
            <div class="admin-row-text">
              <span>{describe(e, names)}</span>
              <time class="muted" dateTime={e.at}>
                {dateTime(e.at, locale.value)}
              </time>
            </div>
          </li>
        ))}
      </ol>
      {admin.auditNext.value !== null && (
        <div class="dialog-actions">
          <button type="button" class="button soft" disabled={action.busy} onClick={() => void action.run(() => admin.loadOlderAudit())} data-testid="audit-more">
            {t('admin.audit_more')}
          </button>
        </div>
      )}
    </div>
  );
}
