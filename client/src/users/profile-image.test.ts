import { afterEach, describe, expect, it, vi } from 'vitest';
import { t } from '../i18n/index.ts';
import { Api } from '../net/api.ts';
import { Session } from '../net/session.ts';
import { setXhrFactory } from '../net/upload.ts';
import { memoryPlatform } from '../testing/memory-platform.ts';
import { ProfileImage } from './profile-image.ts';

function signedIn() {
  const api = new Api('http://chat.local:5000');
  const session = new Session(api, memoryPlatform('http://chat.local:5000'));
  session.accessToken = 'a1';
  session.state.value = { status: 'authenticated', user: { id: 7, username: 'kim', nickname: 'Kim', profile_image: null, is_platform_admin: false, must_change_password: false }, sessionId: 1 };
  return { api, session, profile: new ProfileImage(api, session) };
}

/** The one multipart POST the store makes, answered with `answer`. */
function answerUploads(status: number, answer: unknown) {
  const sent: Array<{ url: string; auth: string | undefined; file: File }> = [];
  setXhrFactory(() => {
    const xhr = {
      url: '',
      headers: {} as Record<string, string>,
      upload: {},
      status,
      responseText: JSON.stringify(answer),
      open: (_m: string, url: string) => void (xhr.url = url),
      setRequestHeader: (k: string, v: string) => void (xhr.headers[k] = v),
      send: (form: FormData) => {
        sent.push({ url: xhr.url, auth: xhr.headers.Authorization, file: form.get('file') as File });
        setTimeout(() => (xhr as unknown as { onload(): void }).onload());
      },
    };
    return xhr as unknown as XMLHttpRequest;
  });
  return sent;
}

afterEach(() => {
  setXhrFactory(() => new XMLHttpRequest());
  vi.unstubAllGlobals();
});

describe('ProfileImage', () => {
  it('uploads my picture with the bearer header, and I show it at once', async () => {
    const { session, profile } = signedIn();
    const sent = answerUploads(200, { success: true, profile_image: 'profiles/7_new.webp' });
    expect(await profile.change(new Blob([new Uint8Array(10)]), 'me.jpg')).toBe(true);
    expect(sent).toEqual([{ url: 'http://chat.local:5000/api/profile/image', auth: 'Bearer a1', file: expect.any(File) }]);
    expect(sent[0]!.file.name).toBe('me.jpg');
    expect(session.user!.profile_image).toBe('profiles/7_new.webp');
    expect(profile.error.value).toBeNull();
  });

  it('refuses what is not an image, or too large, before uploading; shows the server’s reason', async () => {
    const { session, profile } = signedIn();
    const sent = answerUploads(400, { error: 'x', error_code: 'PROFILE_IMAGE_INVALID', error_localized: '유효하지 않은 이미지 파일입니다.' });
    expect(await profile.change(new Blob(['x']), 'notes.pdf')).toBe(false);
    expect(profile.error.value).toBe(t('profile.image_only'));
    expect(await profile.change({ size: 5 * 1024 * 1024 + 1 } as Blob, 'big.png')).toBe(false);
    expect(profile.error.value).toBe(t('profile.image_too_large', { max: '5' }));
    expect(sent).toHaveLength(0);
    expect(await profile.change(new Blob(['x']), 'fake.png')).toBe(false);
    expect(profile.error.value).toBe('유효하지 않은 이미지 파일입니다.');
    expect(session.user!.profile_image).toBeNull();
  });

  it('removes my picture', async () => {
    const { session, profile } = signedIn();
    session.patchUser({ profile_image: 'profiles/7_old.webp' });
    const calls: string[] = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      calls.push(`${init.method} ${url}`);
      return new Response(JSON.stringify({ success: true }), { status: 200 });
    });
    expect(await profile.remove()).toBe(true);
    expect(calls).toEqual(['DELETE http://chat.local:5000/api/profile/image']);
    expect(session.user!.profile_image).toBeNull();
  });
});
