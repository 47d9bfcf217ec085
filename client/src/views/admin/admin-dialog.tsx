import { useState } from 'preact/hooks';
import { t } from '../../i18n/index.ts';
import { Dialog } from '../common/dialog.tsx';
import { Tabs } from '../common/tabs.tsx';
import { AuditSection } from './audit-section.tsx';
import { PendingSection } from './pending-section.tsx';
import { UsersSection } from './users-section.tsx';

type Section = 'pending' | 'users' | 'audit';

/** The admin area (platform admins): pending approvals, every account, the audit log. */
export function AdminDialog(props: { onClose(): void }) {
  const [section, setSection] = useState<Section>('pending');
  const tabs = [
    { key: 'pending' as const, label: t('admin.tab_pending') },
    { key: 'users' as const, label: t('admin.tab_users') },
    { key: 'audit' as const, label: t('admin.tab_audit') },
  ];
  return (
    <Dialog title={t('admin.title')} onClose={props.onClose} testId="admin-dialog" wide>
      <Tabs<Section> id="admin" tabs={tabs} current={section} onSelect={setSection}>
        {section === 'pending' && <PendingSection />}
        {section === 'users' && <UsersSection />}
        {section === 'audit' && <AuditSection />}
      </Tabs>
    </Dialog>
  );
}
