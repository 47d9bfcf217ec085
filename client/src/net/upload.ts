import type { ErrorEnvelope } from '../../../protocol/envelope.ts';
import { appLanguageHeader } from '../i18n/index.ts';
import { type Api, ApiError } from './api.ts';

/** Bytes sent so far of `total` (the whole request, form fields included). */
export interface UploadProgress {
  loaded: number;
  total: number;
}

export interface UploadRequest {
  /** Path on the server: '/api/upload', '/api/profile/image'. */
  path: string;
  /** Form fields sent before the file, in this order (room_id first: the server checks
   * membership before the file streams in). */
  fields?: Record<string, string>;
  file: Blob;
  fileName: string;
  onProgress?(p: UploadProgress): void;
  signal?: AbortSignal;
}

/** The user cancelled (or the pipeline stopped): not an error to show. */
export class UploadAborted extends Error {
  constructor() {
    super('upload aborted');
  }
}

/** The constructor, replaceable in tests (fetch has no upload progress, so XHR it is). */
export type XhrFactory = () => XMLHttpRequest;
let makeXhr: XhrFactory = () => new XMLHttpRequest();
export function setXhrFactory(f: XhrFactory): void {
  makeXhr = f;
}

/** One multipart POST with progress and abort, authenticated as the REST client is (bearer
 * header on the desktop, cookie + CSRF header in the browser), with the same one refresh and
 * retry after a 401. Answers the JSON body; failures are ApiErrors (status 0: the network). */
export async function upload<T>(api: Api, req: UploadRequest): Promise<T> {
  let res = await once(api, req);
  if (res.status === 401 && api.auth && (await api.auth.recover())) res = await once(api, req);
  let body: unknown = null;
  try {
    body = res.text ? JSON.parse(res.text) : null;
  } catch {
    body = null;
  }
  if (res.status < 200 || res.status >= 300) {
    const env = (body ?? {}) as Partial<ErrorEnvelope>;
    throw new ApiError(res.status, env.error_code ?? 'GENERIC_ERROR', env.error_localized ?? env.error ?? `HTTP ${res.status}`);
  }
  return body as T;
}

function once(api: Api, req: UploadRequest): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    if (req.signal?.aborted) return reject(new UploadAborted());
    const xhr = makeXhr();
    xhr.open('POST', api.baseUrl + req.path);
    xhr.withCredentials = api.auth?.mode !== 'bearer';
    const headers: Record<string, string> = { 'X-App-Language': appLanguageHeader(), ...(api.auth?.headers('POST') ?? {}) };
    for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
    const form = new FormData();
    for (const [k, v] of Object.entries(req.fields ?? {})) form.append(k, v);
    form.append('file', req.file, req.fileName);
    const onAbort = () => xhr.abort();
    req.signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => req.signal?.removeEventListener('abort', onAbort);
    xhr.upload.onprogress = (e) => req.onProgress?.({ loaded: e.loaded, total: e.lengthComputable ? e.total : req.file.size });
    xhr.onload = () => {
      done();
      resolve({ status: xhr.status, text: xhr.responseText });
    };
    xhr.onerror = xhr.ontimeout = () => {
      done();
      reject(new ApiError(0, 'NETWORK_ERROR', 'network error'));
    };
    xhr.onabort = () => {
      done();
      reject(new UploadAborted());
    };
    xhr.send(form);
  });
}
