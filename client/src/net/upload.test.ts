import { afterEach, describe, expect, it } from 'vitest';
import { Api, ApiError, type AuthProvider } from './api.ts';
import { UploadAborted, setXhrFactory, upload } from './upload.ts';

/** An XMLHttpRequest stand-in: records what was sent, and lets the test drive progress and the answer. */
class FakeXhr {
  static all: FakeXhr[] = [];
  method = '';
  url = '';
  headers: Record<string, string> = {};
  withCredentials = false;
  body: FormData | null = null;
  status = 0;
  responseText = '';
  aborted = false;
  upload: { onprogress: ((e: { loaded: number; total: number; lengthComputable: boolean }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  ontimeout: (() => void) | null = null;
  onabort: (() => void) | null = null;
  constructor() {
    FakeXhr.all.push(this);
  }
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(k: string, v: string) {
    this.headers[k] = v;
  }
  send(body: FormData) {
    this.body = body;
  }
  abort() {
    this.aborted = true;
    this.onabort?.();
  }
  progress(loaded: number, total: number) {
    this.upload.onprogress?.({ loaded, total, lengthComputable: true });
  }
  answer(status: number, body: unknown) {
    this.status = status;
    this.responseText = JSON.stringify(body);
    this.onload?.();
  }
}

const flush = () => new Promise((r) => setTimeout(r, 0));
const file = new Blob([new Uint8Array(1000)], { type: 'image/png' });

function apiWith(auth: Partial<AuthProvider> & Pick<AuthProvider, 'mode'>): Api {
  const api = new Api('http://chat.local:5000');
  api.auth = { headers: () => ({}), recover: async () => false, ...auth };
  return api;
}

afterEach(() => {
  FakeXhr.all = [];
  setXhrFactory(() => new XMLHttpRequest());
});
setXhrFactory(() => new FakeXhr() as unknown as XMLHttpRequest);

describe('upload (multipart POST with progress)', () => {
  it('sends room_id before the file, with the bearer header and no cookies on the desktop, and reports progress', async () => {
    setXhrFactory(() => new FakeXhr() as unknown as XMLHttpRequest);
    const api = apiWith({ mode: 'bearer', headers: () => ({ Authorization: 'Bearer abc' }) });
    const seen: number[] = [];
    const done = upload<{ upload_token: string }>(api, { path: '/api/upload', fields: { room_id: '7' }, file, fileName: '보고서 2026.png', onProgress: (p) => seen.push(p.loaded) });
    const xhr = FakeXhr.all[0]!;
    expect(xhr.method).toBe('POST');
    expect(xhr.url).toBe('http://chat.local:5000/api/upload');
    expect(xhr.headers.Authorization).toBe('Bearer abc');
    expect(xhr.withCredentials).toBe(false);
    expect([...xhr.body!.keys()]).toEqual(['room_id', 'file']);
    expect((xhr.body!.get('file') as File).name).toBe('보고서 2026.png');
    xhr.progress(300, 1000);
    xhr.progress(1000, 1000);
    xhr.answer(200, { success: true, upload_token: 't1' });
    expect(await done).toEqual({ success: true, upload_token: 't1' });
    expect(seen).toEqual([300, 1000]);
  });

  it('sends cookies and the CSRF header in the browser', async () => {
    setXhrFactory(() => new FakeXhr() as unknown as XMLHttpRequest);
    const api = apiWith({ mode: 'cookie', headers: (m): Record<string, string> => (m === 'GET' ? {} : { 'X-CSRFToken': 'csrf1' }) });
    const done = upload(api, { path: '/api/upload', fields: { room_id: '1' }, file, fileName: 'a.png' });
    const xhr = FakeXhr.all[0]!;
    expect(xhr.withCredentials).toBe(true);
    expect(xhr.headers['X-CSRFToken']).toBe('csrf1');
    xhr.answer(200, {});
    await done;
  });

  it('rejects with UploadAborted when cancelled, before or during the upload', async () => {
    setXhrFactory(() => new FakeXhr() as unknown as XMLHttpRequest);
    const api = apiWith({ mode: 'bearer' });
    const c = new AbortController();
    const done = upload(api, { path: '/api/upload', file, fileName: 'a.png', signal: c.signal });
    FakeXhr.all[0]!.progress(10, 1000);
    c.abort();
    await expect(done).rejects.toBeInstanceOf(UploadAborted);
    expect(FakeXhr.all[0]!.aborted).toBe(true);
    await expect(upload(api, { path: '/api/upload', file, fileName: 'a.png', signal: c.signal })).rejects.toBeInstanceOf(UploadAborted);
    expect(FakeXhr.all).toHaveLength(1);
  });

  it('gives the error envelope as an ApiError, and a network failure as status 0', async () => {
    setXhrFactory(() => new FakeXhr() as unknown as XMLHttpRequest);
    const api = apiWith({ mode: 'bearer' });
    const tooLarge = upload(api, { path: '/api/upload', file, fileName: 'a.png' });
    FakeXhr.all[0]!.answer(413, { error: 'Files must be 16 MB or smaller.', error_code: 'UPLOAD_TOO_LARGE', error_localized: '파일 크기는 16MB 이하여야 합니다.' });
    const err = await tooLarge.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 413, code: 'UPLOAD_TOO_LARGE', message: '파일 크기는 16MB 이하여야 합니다.' });

    const offline = upload(api, { path: '/api/upload', file, fileName: 'a.png' });
    FakeXhr.all[1]!.onerror!();
    expect(await offline.catch((e: ApiError) => e.isNetwork)).toBe(true);
  });

  it('refreshes the session once after a 401 and sends the whole form again', async () => {
    setXhrFactory(() => new FakeXhr() as unknown as XMLHttpRequest);
    let token = 'old';
    const api = apiWith({ mode: 'bearer', headers: () => ({ Authorization: `Bearer ${token}` }), recover: async () => ((token = 'new'), true) });
    const done = upload(api, { path: '/api/upload', fields: { room_id: '3' }, file, fileName: 'a.png' });
    FakeXhr.all[0]!.answer(401, { error_code: 'AUTH_REQUIRED' });
    await flush();
    const again = FakeXhr.all[1]!;
    expect(again.headers.Authorization).toBe('Bearer new');
    expect(again.body!.get('room_id')).toBe('3');
    again.answer(200, { ok: 1 });
    expect(await done).toEqual({ ok: 1 });
  });
});
