import { useRef } from 'preact/hooks';
import { t } from '../../i18n/index.ts';
import { Avatar } from '../common/avatar.tsx';
import { useServices } from '../context.ts';

/** In the settings menu: my picture, change it (an image file), remove it. */
export function ProfileImageField() {
  const { session, profileImage } = useServices();
  const user = session.user;
  const picker = useRef<HTMLInputElement>(null);
  if (!user) return null;
  const busy = profileImage.busy.value;
  const error = profileImage.error.value;
  return (
    <div class="profile-image-field" data-testid="profile-image-field">
      <Avatar name={user.nickname} id={user.id} size="lg" image={user.profile_image} />
      <div class="profile-image-actions">
        <input
          ref={picker}
          type="file"
          accept="image/png,image/jpeg,image/gif,image/webp"
          hidden
          data-testid="profile-image-input"
          onChange={(e) => {
            const input = e.currentTarget;
            const file = input.files?.[0];
            if (file) void profileImage.change(file, file.name);
            input.value = '';
          }}
        />
        <button type="button" class="button ghost" disabled={busy} onClick={() => picker.current?.click()} data-testid="profile-image-change">
          {t('profile.image_change')}
        </button>
        {user.profile_image && (
          <button type="button" class="button ghost danger" disabled={busy} onClick={() => void profileImage.remove()} data-testid="profile-image-remove">
            {t('profile.image_remove')}
          </button>
        )}
      </div>
      {error && (
        <p class="profile-image-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
