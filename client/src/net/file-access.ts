import { type Api, ApiError } from './api.ts';

/** `/uploads/<file_path>`, each segment escaped (names may hold spaces, Korean, '#'). */
export function uploadsPath(filePath: string): string {
  return `/uploads/${filePath.split('/').map(encodeURIComponent).join('/')}`;
}

/** Decoded files kept as blob: URLs on the desktop; the oldest are revoked past this. */
const CACHED = 150;

/** Reading files that only members may read. In the browser the session cookie goes with a
 * plain <img src> or link, so the URL itself is the source. On the desktop no cookie exists: the
 * file is fetched with the bearer header into a blob: URL (cached, so a scrolled-back preview
 * is not fetched again; CSP img-src allows blob:). */
export class FileAccess {
  private readonly cache = new Map<string, Promise<string>>();

  constructor(private readonly api: Api) {}

  get direct(): boolean {
    return this.api.auth?.mode !== 'bearer';
  }

  url(filePath: string): string {
    return this.api.baseUrl + uploadsPath(filePath);
  }

  /** What an <img> can show: the URL (browser) or a blob: URL (desktop). */
  src(filePath: string): Promise<string> {
    if (this.direct) return Promise.resolve(this.url(filePath));
    let hit = this.cache.get(filePath);
    if (hit) {
      // Most recently used last.
      this.cache.delete(filePath);
      this.cache.set(filePath, hit);
      return hit;
    }
    hit = this.blob(filePath).then((b) => URL.createObjectURL(b));
    hit.catch(() => this.cache.delete(filePath));
    this.cache.set(filePath, hit);
    while (this.cache.size > CACHED) {
      const [oldest, url] = this.cache.entries().next().value!;
      this.cache.delete(oldest);
      void url.then((u) => URL.revokeObjectURL(u), () => {});
    }
    return hit;
  }

  /** The file's bytes, authenticated as the REST client is (one refresh after a 401). */
  async blob(filePath: string): Promise<Blob> {
    const get = () =>
      fetch(this.url(filePath), {
        headers: this.api.auth?.headers('GET') ?? {},
        credentials: this.direct ? 'include' : 'omit',
      }).catch(() => {
        throw new ApiError(0, 'NETWORK_ERROR', 'network error');
      });
    let res = await get();
    if (res.status === 401 && this.api.auth && (await this.api.auth.recover())) res = await get();
    if (!res.ok) throw new ApiError(res.status, 'FILE_NOT_FOUND', res.statusText);
    return res.blob();
  }

  /** Signed out: forget every decoded file. */
  clear(): void {
    for (const url of this.cache.values()) void url.then((u) => URL.revokeObjectURL(u), () => {});
    this.cache.clear();
  }
}
