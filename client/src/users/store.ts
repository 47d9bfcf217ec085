import { signal } from '@preact/signals';
import type { UserProfileUpdatedEvent, UserStatusEvent } from '../../../protocol/events.ts';
import type { UserListItem } from '../../../protocol/rest/users.ts';
import type { Api } from '../net/api.ts';
import type { UsersStore } from '../stores.ts';

/** Everyone but the caller (GET /api/users), for pickers; presence and profile changes arrive as
 * socket events and patch the one user concerned. */
export class Users implements UsersStore {
  readonly list = signal<UserListItem[]>([]);
  private loadSeq = 0;

  constructor(private readonly api: Api) {}

  async load(): Promise<void> {
    const seq = ++this.loadSeq;
    const users = await this.api.call('GET /api/users');
    if (seq === this.loadSeq) this.list.value = users;
  }

  applyStatus(e: UserStatusEvent): void {
    this.patch(e.user_id, (u) => (u.status === e.status ? u : { ...u, status: e.status }));
  }

  applyProfile(e: UserProfileUpdatedEvent): void {
    this.patch(e.user_id, (u) => ({ ...u, nickname: e.nickname, profile_image: e.profile_image }));
  }

  reset(): void {
    this.loadSeq++;
    this.list.value = [];
  }

  private patch(userId: number, fn: (u: UserListItem) => UserListItem): void {
    const i = this.list.value.findIndex((u) => u.id === userId);
    if (i < 0) return;
    const next = fn(this.list.value[i]!);
    if (next === this.list.value[i]) return;
    const list = [...this.list.value];
    list[i] = next;
    this.list.value = list;
  }
}
