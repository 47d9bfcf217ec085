import { signal } from '@preact/signals';
import type { DeviceSession } from '../../../protocol/rest/auth.ts';
import type { Profile } from '../../../protocol/rest/users.ts';
import type { Api } from '../net/api.ts';
import type { Session } from '../net/session.ts';

/** My account: profile text, password, device sessions and deletion. The signed-in user follows
 * every change at once (others learn of a profile change from user_profile_updated). */
export class Account {
  readonly profile = signal<Profile | null>(null);
  /** My live sessions, most recently used first; null until loaded. */
  readonly sessions = signal<DeviceSession[] | null>(null);

  constructor(
    private readonly api: Api,
    private readonly session: Session,
  ) {}

  async loadProfile(): Promise<void> {
    this.profile.value = await this.api.call('GET /api/profile');
  }

  async saveProfile(nickname: string, statusMessage: string): Promise<void> {
    const res = await this.api.call('PUT /api/profile', { body: { nickname, status_message: statusMessage } });
    this.profile.value = res.profile;
    this.session.patchUser({ nickname: res.profile.nickname });
  }

  /** The forced change after an admin reset is done by the same call. */
  async changePassword(current: string, next: string, signOutOthers: boolean): Promise<void> {
    await this.api.call('PUT /api/me/password', { body: { current_password: current, new_password: next, sign_out_others: signOutOthers } });
    this.session.patchUser({ must_change_password: false });
    if (signOutOthers && this.sessions.value) await this.loadSessions();
  }

  async loadSessions(): Promise<void> {
    this.sessions.value = (await this.api.call('GET /api/device-sessions')).sessions;
  }

  async revoke(id: number): Promise<void> {
    await this.api.call('DELETE /api/device-sessions/:id', { params: { id } });
    this.sessions.value = this.sessions.value?.filter((s) => s.id !== id) ?? null;
  }

  async revokeOthers(): Promise<void> {
    await this.api.call('POST /api/device-sessions/revoke-others');
    this.sessions.value = this.sessions.value?.filter((s) => s.is_current) ?? null;
  }

  /** Deletes the account for good; the caller then signs out locally. */
  async deleteAccount(password: string): Promise<void> {
    await this.api.call('DELETE /api/me', { body: { password } });
  }

  reset(): void {
    this.profile.value = null;
    this.sessions.value = null;
  }
}
