import { type ReadonlySignal, signal } from '@preact/signals';
import type { UploadResponse } from '../../../protocol/rest/files.ts';
import type { Api } from '../net/api.ts';
import { type UploadProgress, type UploadRequest, upload } from '../net/upload.ts';

export type UploadTransport = <T>(api: Api, req: UploadRequest) => Promise<T>;

/** The uploads running now, each with its progress and its cancel. Keyed by the message's
 * client_msg_id (one upload per outgoing file message). The send pipeline decides when an upload
 * runs (and runs it again when its token expired); the uploads strip shows `progress`. */
export class Uploads {
  private readonly state = signal<ReadonlyMap<string, UploadProgress>>(new Map());
  readonly progress: ReadonlySignal<ReadonlyMap<string, UploadProgress>> = this.state;
  private readonly running = new Map<string, AbortController>();

  constructor(
    private readonly api: Api,
    private readonly transport: UploadTransport = upload,
  ) {}

  /** POST /api/upload for the room: the single-use token and where the file went. Rejects with
   * UploadAborted after cancel(), ApiError otherwise. */
  async toRoom(key: string, roomId: number, file: Blob, fileName: string): Promise<UploadResponse> {
    this.cancel(key);
    const controller = new AbortController();
    this.running.set(key, controller);
    this.set(key, { loaded: 0, total: file.size });
    try {
      return await this.transport<UploadResponse>(this.api, {
        // In the query too: a refusal (not a member) then comes before the body is sent.
        path: `/api/upload?room_id=${roomId}`,
        fields: { room_id: String(roomId) },
        file,
        fileName,
        signal: controller.signal,
        // Progress of the request: the file plus a few hundred bytes of form; capped at the file.
        onProgress: (p) => this.running.get(key) === controller && this.set(key, { loaded: Math.min(p.loaded, file.size), total: file.size }),
      });
    } finally {
      if (this.running.get(key) === controller) {
        this.running.delete(key);
        this.set(key, null);
      }
    }
  }

  cancel(key: string): void {
    this.running.get(key)?.abort();
  }

  /** Signed out: every upload stops. */
  stop(): void {
    for (const c of this.running.values()) c.abort();
  }

  private set(key: string, p: UploadProgress | null): void {
    const next = new Map(this.state.value);
    if (p) next.set(key, p);
    else next.delete(key);
    this.state.value = next;
  }
}
