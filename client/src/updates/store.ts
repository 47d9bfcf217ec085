import { computed, signal } from '@preact/signals';
import type { ClientUpdateResponse, ReleaseChannel } from '../../../protocol/rest/system.ts';
import type { Api } from '../net/api.ts';
import type { Platform } from '../platform/types.ts';
import type { UpdatesStore } from '../stores.ts';
import { type ArtifactState, fetchAndVerify } from './artifact.ts';
import { RELEASE_PUBLIC_KEY } from './release-key.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The address answered, but not as a messenger server does (another web server, a proxy page). */
export class NotMessengerError extends Error {}

/** The update answer checked by hand (the client loads no zod): what this store and the login
 * screen rely on must be there, or the address is not a messenger server. */
function isPolicy(v: unknown): v is ClientUpdateResponse {
  const p = v as Partial<ClientUpdateResponse> | null;
  return (
    typeof p === 'object' &&
    p !== null &&
    typeof p.minimum_version === 'string' &&
    typeof p.latest_version === 'string' &&
    typeof p.download_url === 'string' &&
    typeof p.release_notes_url === 'string' &&
    typeof p.update_available === 'boolean' &&
    typeof p.force_update === 'boolean'
  );
}

/** The desktop app's update policy: GET /api/client/update for this version and channel (setting
 * `update_channel`, default stable) once a session starts and then daily. A required update stops
 * the checks: the app stays behind the update screen until it is replaced. A dismissed offer is
 * remembered for that version (setting `update_dismissed`), so the next version is offered again. */
export class Updates implements UpdatesStore {
  readonly policy = signal<ClientUpdateResponse | null>(null);
  readonly required = computed(() => this.policy.value?.force_update === true);
  readonly offer = computed(() => {
    const p = this.policy.value;
    return p?.update_available && !p.force_update && p.latest_version !== this.dismissed.value ? p : null;
  });
  readonly artifact = signal<ArtifactState>({ state: 'none' });
  readonly signed: boolean;
  private readonly dismissed = signal<string | null>(null);
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly deps: { api: Api; platform: Platform; intervalMs?: number; releaseKey?: string | null }) {
    this.dismissed.value = deps.platform.settings.get('update_dismissed');
    this.signed = (deps.releaseKey === undefined ? RELEASE_PUBLIC_KEY : deps.releaseKey) !== null;
  }

  async check(): Promise<ClientUpdateResponse> {
    const { api, platform } = this.deps;
    const channel: ReleaseChannel = platform.settings.get('update_channel') === 'canary' ? 'canary' : 'stable';
    const res: unknown = await api.call('GET /api/client/update', {
      query: { client_version: platform.appVersion() ?? undefined, channel },
      noRetry: true,
      timeoutMs: 10_000,
    });
    if (!isPolicy(res)) throw new NotMessengerError('not a messenger server');
    this.policy.value = res;
    if (res.force_update) this.stop();
    // In the background: the login screen's address check must not wait for a download.
    if (this.signed && (res.update_available || res.force_update) && /^https?:\/\//i.test(res.download_url)) void this.verify(res);
    return res;
  }

  /** Signed builds: download the release and check its signature and SHA-256 before any download
   * is offered; a release being or already checked (same version and hash) is not fetched again. */
  private async verify(policy: ClientUpdateResponse): Promise<void> {
    const current = this.artifact.value;
    const sha256 = policy.artifact_sha256 ?? '';
    if ((current.state === 'checking' || current.state === 'verified') && current.version === policy.latest_version && current.sha256 === sha256) return;
    this.artifact.value = { state: 'checking', version: policy.latest_version, sha256 };
    const key = this.deps.releaseKey === undefined ? RELEASE_PUBLIC_KEY : this.deps.releaseKey;
    this.artifact.value = await fetchAndVerify(policy, key!);
  }

  async save(): Promise<boolean> {
    const a = this.artifact.value;
    if (a.state !== 'verified' || !this.deps.platform.saveFile) return false;
    return this.deps.platform.saveFile(a.name, new Blob([a.bytes as Uint8Array<ArrayBuffer>]));
  }

  /** Check now and then daily; nothing in the browser (the server serves it current). */
  start(): void {
    if (this.deps.platform.appVersion() === null || this.required.value) return;
    this.stop();
    // Offline or a server restart: the last answer stands until the next tick.
    const tick = () => void this.check().catch(() => {});
    tick();
    this.timer = setInterval(tick, this.deps.intervalMs ?? DAY_MS);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  dismiss(): void {
    const version = this.offer.value?.latest_version;
    if (!version) return;
    this.dismissed.value = version;
    this.deps.platform.settings.set('update_dismissed', version);
  }
}
