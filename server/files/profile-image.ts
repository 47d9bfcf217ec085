import { Hono } from 'hono';
import { PROFILE_IMAGE_MAX_BYTES, profileImageExtensions } from '../../protocol/rest/files.ts';
import { ApiError } from '../http/api-error.ts';
import type { AppEnv } from '../http/env.ts';
import { route } from '../http/route.ts';
import type { Membership } from '../members/membership.ts';
import type { Broadcast } from '../realtime/broadcast.ts';
import { announceProfile } from '../users/profile-events.ts';
import type { UserRepo } from '../users/repo.ts';
import { imageProcessingUnavailable, makeProfileImage } from './images.ts';
import { receiveUpload } from './receive.ts';
import type { Scanner } from './scan.ts';
import type { UploadStorage } from './storage.ts';

export interface ProfileImageDeps {
  users: UserRepo;
  storage: UploadStorage;
  scan: Scanner | null;
  membership: Membership;
  broadcast: Broadcast;
}

/** The avatar: validated like any upload (extension, size, magic bytes, scan), then stored as a
 * fresh WebP made by sharp (metadata dropped; an image sharp cannot decode is refused). The row
 * is updated first and the old file removed after (origin order); then user_profile_updated. */
export function profileImageRoutes(deps: ProfileImageDeps): Hono<AppEnv> {
  const { users, storage } = deps;
  const app = new Hono<AppEnv>();

  route(app, 'POST /api/profile/image', async (c, { auth }) => {
    // Without image processing (the single binary) an avatar cannot be re-encoded, and the
    // original's bytes are never served: refused before the body is read.
    if (await imageProcessingUnavailable()) throw new ApiError('SERVICE_UNAVAILABLE');
    const upload = await receiveUpload(c, storage, deps.scan, {
      maxBytes: PROFILE_IMAGE_MAX_BYTES,
      extensions: profileImageExtensions,
      tooLarge: 'PROFILE_IMAGE_TOO_LARGE',
      notAllowed: 'PROFILE_IMAGE_NOT_IMAGE',
      mismatch: 'PROFILE_IMAGE_INVALID',
    });
    const stored = storage.newProfileImage(auth.userId);
    try {
      const made = await makeProfileImage(upload.tempPath, storage.resolve(stored)!);
      if (!made) throw new ApiError('PROFILE_IMAGE_INVALID');
    } finally {
      await storage.removeTemp(upload.tempPath);
    }
    const set = await users.setProfileImage(auth.userId, stored).catch(() => null);
    if (!set) {
      await storage.remove([stored]);
      throw new ApiError('USER_NOT_FOUND');
    }
    await storage.remove([set.previous]);
    await announceProfile(deps, set.user);
    return { success: true as const, profile_image: stored };
  });

  route(app, 'DELETE /api/profile/image', async (_c, { auth }) => {
    const set = await users.setProfileImage(auth.userId, null);
    if (!set) throw new ApiError('USER_NOT_FOUND');
    await storage.remove([set.previous]);
    if (set.previous) await announceProfile(deps, set.user);
    return { success: true as const };
  });

  return app;
}
