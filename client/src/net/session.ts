import { signal } from '@preact/signals';
import type {
  DeviceSessionCreateResponse,
  DeviceSessionRefreshResponse,
  LoginResponse,
} from '../../../protocol/rest/auth.ts';
import type { Platform } from '../platform/types.ts';
import { t } from '../i18n/index.ts';
import { Api, ApiError, type AuthProvider } from './api.ts';
import { normalizeServerUrl } from './server-url.ts';

export interface SessionUser {
  id: number;
  username: string;
  nickname: string;
  profile_image: string | null;
  /** Shows the admin area. */
  is_platform_admin: boolean;
  /** After an admin reset the password: the forced change screen replaces the app. */
  must_change_password: boolean;
}

export type SessionState =
  | { status: 'restoring' }
  | { status: 'anonymous'; error?: string }
  | { status: 'authenticated'; user: SessionUser; sessionId: number };

type Granted = LoginResponse | DeviceSessionCreateResponse | DeviceSessionRefreshResponse;

/** Login, restore on start, the refresh loop and logout, for both auth modes:
 * - cookie (browser): /api/login sets HttpOnly cookies; refresh uses the device cookie; writes
 *   carry X-CSRFToken; no token is ever held by script;
 * - bearer (desktop): /api/device-sessions returns a device token kept by the platform store
 *   (only with "remember me"); the access token lives in memory and goes in Authorization. */
export class Session implements AuthProvider {
  readonly state = signal<SessionState>({ status: 'restoring' });
  readonly mode: 'cookie' | 'bearer';
  /** The access token (bearer mode), also used for the socket handshake. */
  accessToken: string | null = null;
  private accessExpiresAt = 0;
  private csrf: string | null = null;
  private deviceToken: string | null = null;
  private remember = true;
  private refreshing: Promise<boolean> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** Called after every successful grant (the socket reconnects with the new token). */
  onGranted: (() => void) | null = null;

  constructor(
    readonly api: Api,
    private readonly platform: Platform,
  ) {
    this.mode = platform.authMode;
    api.auth = this;
  }

  headers(method: string): Record<string, string> {
    if (this.mode === 'bearer') return this.accessToken ? { Authorization: `Bearer ${this.accessToken}` } : {};
    return method !== 'GET' && this.csrf ? { 'X-CSRFToken': this.csrf } : {};
  }

  async recover(): Promise<boolean> {
    return this.state.value.status === 'authenticated' && (await this.refresh());
  }

  /** My own profile changed (here, or from another of my devices): the signed-in user follows. */
  patchUser(patch: Partial<Pick<SessionUser, 'nickname' | 'profile_image' | 'must_change_password'>>): void {
    const s = this.state.value;
    if (s.status === 'authenticated') this.state.value = { ...s, user: { ...s.user, ...patch } };
  }

  get user(): SessionUser | null {
    const s = this.state.value;
    return s.status === 'authenticated' ? s.user : null;
  }

  /** On start: refresh from what is kept (device cookie, or the stored device token), without
   * showing the login form. A network failure keeps the stored token for the next try. */
  async restore(): Promise<boolean> {
    if (this.mode === 'bearer') {
      const stored = await this.platform.tokenStore?.load();
      // A server named by the launcher wins: a session kept for another one is not used (nor
      // forgotten: a start without the preset restores it).
      const preset = this.platform.launchServerUrl();
      if (!stored || (preset !== null && normalizeServerUrl(preset) !== stored.server_url)) return this.anonymous();
      this.api.baseUrl = stored.server_url;
      this.deviceToken = stored.device_token;
    }
    try {
      if (await this.refresh()) return true;
    } catch {
      // fall through
    }
    return this.anonymous();
  }

  async login(input: { username: string; password: string; remember: boolean; deviceName?: string; serverUrl?: string }): Promise<void> {
    if (input.serverUrl) this.api.baseUrl = input.serverUrl.replace(/\/+$/, '');
    this.remember = input.remember;
    if (this.mode === 'cookie') {
      const res = await this.api.call('POST /api/login', {
        body: { username: input.username, password: input.password, remember: input.remember },
        noRetry: true,
      });
      this.grant(res);
      return;
    }
    const res = await this.api.call('POST /api/device-sessions', {
      body: { username: input.username, password: input.password, remember: input.remember, device_name: input.deviceName ?? this.platform.defaultDeviceName() },
      noRetry: true,
    });
    this.deviceToken = res.device_token;
    await this.persistDeviceToken();
    this.grant(res);
  }

  /** One refresh at a time; concurrent callers share it. False when the session is gone. */
  refresh(): Promise<boolean> {
    this.refreshing ??= this.doRefresh().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  private async doRefresh(): Promise<boolean> {
    if (this.mode === 'bearer' && !this.deviceToken) return false;
    try {
      const res = await this.api.call('POST /api/device-sessions/refresh', {
        noRetry: true,
        headers: this.mode === 'bearer' ? { 'X-Device-Token': this.deviceToken! } : {},
      });
      if (res.device_token_rotated) {
        this.deviceToken = res.device_token_rotated;
        this.remember = res.remember;
        await this.persistDeviceToken();
      }
      this.grant(res);
      return true;
    } catch (err) {
      // A network error keeps everything for the next attempt; a refusal ends the session.
      if (err instanceof ApiError && !err.isNetwork && (err.status === 401 || err.status === 400 || err.status === 403)) {
        await this.forget();
        // Nothing to restore at start is not an error worth showing; losing a live session is
        // (revoked from another device, the account disabled ...): said plainly.
        this.anonymous(this.state.value.status === 'restoring' ? undefined : err.code === 'AUTH_TOKEN_INVALID_OR_EXPIRED' ? t('session.ended') : err.message);
      } else {
        this.schedule(15_000);
      }
      if (err instanceof ApiError && err.isNetwork) throw err;
      return false;
    }
  }

  async logout(): Promise<void> {
    try {
      await this.api.call('DELETE /api/device-sessions/current', {
        noRetry: true,
        headers: this.mode === 'bearer' && this.deviceToken ? { 'X-Device-Token': this.deviceToken } : {},
      });
    } catch {
      // Offline logout still forgets the session locally.
    }
    await this.forget();
    this.anonymous();
  }

  private grant(res: Granted): void {
    this.csrf = res.csrf_token;
    this.accessToken = this.mode === 'bearer' ? res.access_token : null;
    this.accessExpiresAt = new Date(res.access_expires_at).getTime();
    this.state.value = { status: 'authenticated', user: res.user, sessionId: res.device_session_id };
    // Refresh a minute before the access token expires (never sooner than 10 s from now).
    this.schedule(Math.max(10_000, this.accessExpiresAt - Date.now() - 60_000));
    this.onGranted?.();
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh().catch(() => this.schedule(15_000)), ms);
  }

  private async persistDeviceToken(): Promise<void> {
    const store = this.platform.tokenStore;
    if (!store || !this.deviceToken) return;
    if (this.remember) {
      await store.save({ server_url: this.api.baseUrl, device_token: this.deviceToken, device_name: this.platform.defaultDeviceName() });
    } else {
      await store.clear();
    }
  }

  private async forget(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.accessToken = null;
    this.csrf = null;
    this.deviceToken = null;
    await this.platform.tokenStore?.clear();
  }

  private anonymous(error?: string): false {
    this.state.value = { status: 'anonymous', ...(error ? { error } : {}) };
    return false;
  }
}
