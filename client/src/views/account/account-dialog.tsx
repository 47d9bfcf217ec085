import { useState } from 'preact/hooks';
import { t } from '../../i18n/index.ts';
import { Dialog } from '../common/dialog.tsx';
import { Tabs } from '../common/tabs.tsx';
import { DeleteSection } from './delete-section.tsx';
import { PasswordForm } from './password-form.tsx';
import { ProfileSection } from './profile-section.tsx';
import { SessionsSection } from './sessions-section.tsx';

type Section = 'profile' | 'password' | 'devices' | 'delete';

/** Account settings: profile, password, signed-in devices, account deletion. */
export function AccountDialog(props: { onClose(): void }) {
  const [section, setSection] = useState<Section>('profile');
  const tabs = [
    { key: 'profile' as const, label: t('account.tab_profile') },
    { key: 'password' as const, label: t('account.tab_password') },
    { key: 'devices' as const, label: t('account.tab_devices') },
    { key: 'delete' as const, label: t('account.tab_delete') },
  ];
  return (
    <Dialog title={t('account.title')} onClose={props.onClose} testId="account-dialog" wide>
      <Tabs<Section> id="account" tabs={tabs} current={section} onSelect={setSection}>
        {section === 'profile' && <ProfileSection />}
        {section === 'password' && <PasswordForm />}
        {section === 'devices' && <SessionsSection />}
        {section === 'delete' && <DeleteSection />}
      </Tabs>
    </Dialog>
  );
}
