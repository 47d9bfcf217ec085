import { signal } from '@preact/signals';
import type { RouteResponse } from '../../../protocol/routes.ts';
import { PROFILE_IMAGE_MAX_BYTES, profileImageExtensions } from '../../../protocol/file-rules.ts';
import { t } from '../i18n/index.ts';
import { type Api, ApiError } from '../net/api.ts';
import type { Session } from '../net/session.ts';
import { upload } from '../net/upload.ts';


/** My profile picture: change (multipart POST /api/profile/image) and remove. The signed-in user
 * follows at once; everyone else through user_profile_updated. */
export class ProfileImage {
  readonly busy = signal(false);
  /** Why the last change failed (localised); null after a success. */
  readonly error = signal<string | null>(null);

  constructor(
    private readonly api: Api,
    private readonly session: Session,
  ) {}

  async change(file: Blob, name: string): Promise<boolean> {
    const ext = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
    if (!(profileImageExtensions as readonly string[]).includes(ext) || file.size === 0) return this.failed(t('profile.image_only'));
    if (file.size > PROFILE_IMAGE_MAX_BYTES) return this.failed(t('profile.image_too_large', { max: '5' }));
    return this.run(async () => {
      const res = await upload<RouteResponse<'POST /api/profile/image'>>(this.api, { path: '/api/profile/image', file, fileName: name });
      this.session.patchUser({ profile_image: res.profile_image });
    });
  }

  remove(): Promise<boolean> {
    return this.run(async () => {
      await this.api.call('DELETE /api/profile/image');
      this.session.patchUser({ profile_image: null });
    });
  }

  private async run(job: () => Promise<void>): Promise<boolean> {
    this.busy.value = true;
    try {
      await job();
      this.error.value = null;
      return true;
    } catch (err) {
      return this.failed(err instanceof ApiError && !err.isNetwork ? err.message : t('profile.image_failed'));
    } finally {
      this.busy.value = false;
    }
  }

  private failed(message: string): false {
    this.error.value = message;
    return false;
  }
}
