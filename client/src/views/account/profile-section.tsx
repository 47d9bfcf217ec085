import { useEffect, useState } from 'preact/hooks';
import { NICKNAME_MAX_LENGTH } from '../../../../protocol/account-rules.ts';
import { t } from '../../i18n/index.ts';
import { useAction } from '../common/use-action.ts';
import { useServices } from '../context.ts';
import { ProfileImageField } from '../sidebar/profile-image-field.tsx';

const STATUS_MESSAGE_MAX = 100;

/** My picture, nickname and status message. */
export function ProfileSection() {
  const { account } = useServices();
  const profile = account.profile.value;
  const [nickname, setNickname] = useState(profile?.nickname ?? '');
  const [status, setStatus] = useState(profile?.status_message ?? '');
  const [saved, setSaved] = useState(false);
  const action = useAction();

  useEffect(() => {
    void account.loadProfile().then(() => {
      setNickname(account.profile.value?.nickname ?? '');
      setStatus(account.profile.value?.status_message ?? '');
    }, () => {});
  }, []);

  async function submit(e: Event) {
    e.preventDefault();
    setSaved(false);
    if (await action.run(() => account.saveProfile(nickname.trim(), status.trim()))) setSaved(true);
  }

  return (
    <div class="stack">
      <ProfileImageField />
      <form class="stack" onSubmit={(e) => void submit(e)} data-testid="profile-form">
        <label class="field">
          <span>{t('account.nickname')}</span>
          <input value={nickname} maxLength={NICKNAME_MAX_LENGTH} onInput={(e) => setNickname(e.currentTarget.value)} data-testid="profile-nickname" required />
        </label>
        <label class="field">
          <span>{t('account.status_message')}</span>
          <input value={status} maxLength={STATUS_MESSAGE_MAX} onInput={(e) => setStatus(e.currentTarget.value)} data-testid="profile-status-message" />
        </label>
        {action.error && (
          <p class="form-error" role="alert">
            {action.error}
          </p>
        )}
        {saved && (
          <p class="form-notice" role="status">
            {t('account.saved')}
          </p>
        )}
        <div class="dialog-actions">
          <button type="submit" class="button primary" disabled={action.busy} data-testid="profile-save">
            {t('account.save')}
          </button>
        </div>
      </form>
    </div>
  );
}
