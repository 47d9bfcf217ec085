import { signal } from '@preact/signals';
import type { AccountStatus, AdminAuditEntry, AdminUser } from '../../../protocol/rest/admin.ts';
import type { Api } from '../net/api.ts';

export type UserFilter = AccountStatus | 'all';

const AUDIT_PAGE = 50;

/** The admin area (platform admins): accounts by status and name, their actions, the audit log. */
export class Admin {
  /** The last list asked for (its filter and query); null until loaded. */
  readonly users = signal<AdminUser[] | null>(null);
  /** Accounts waiting for approval, for the Pending tab (and its count). */
  readonly pending = signal<AdminUser[] | null>(null);
  readonly audit = signal<AdminAuditEntry[] | null>(null);
  /** Every account's username by id, for the audit log's actors (whatever list is filtered). */
  readonly names = signal<ReadonlyMap<number, string>>(new Map());
  /** before_id of the next older audit page; null when the log is fully shown. */
  readonly auditNext = signal<number | null>(null);
  private query: { status: UserFilter; q: string } = { status: 'all', q: '' };

  constructor(private readonly api: Api) {}

  async loadUsers(status: UserFilter = this.query.status, q = this.query.q): Promise<void> {
    this.query = { status, q };
    const { users } = await this.api.call('GET /api/admin/users', { query: { status, q } });
    // A slower earlier answer does not overwrite a newer query's.
    if (this.query.status === status && this.query.q === q) this.users.value = users;
  }

  async loadPending(): Promise<void> {
    this.pending.value = (await this.api.call('GET /api/admin/users', { query: { status: 'pending', q: '' } })).users;
  }

  async review(userId: number, approve: boolean): Promise<void> {
    await this.api.call('POST /api/admin/users/approve', { body: { user_id: userId, action: approve ? 'approve' : 'reject' } });
    await this.refresh();
  }

  async setDisabled(userId: number, disabled: boolean): Promise<void> {
    if (disabled) await this.api.call('POST /api/admin/users/:id/disable', { params: { id: userId } });
    else await this.api.call('POST /api/admin/users/:id/enable', { params: { id: userId } });
    await this.refresh();
  }

  /** The temporary password, to show once. */
  async resetPassword(userId: number): Promise<string> {
    const res = await this.api.call('POST /api/admin/users/:id/reset-password', { params: { id: userId } });
    void this.refresh();
    return res.temporary_password;
  }

  async loadAudit(): Promise<void> {
    const [page, all] = await Promise.all([
      this.api.call('GET /api/admin/audit', { query: { limit: AUDIT_PAGE } }),
      this.api.call('GET /api/admin/users', { query: { status: 'all', q: '' } }),
    ]);
    this.names.value = new Map(all.users.map((u) => [u.id, u.username]));
    this.audit.value = page.entries;
    this.auditNext.value = page.next_before_id;
  }

  async loadOlderAudit(): Promise<void> {
    const before = this.auditNext.value;
    if (before === null) return;
    const page = await this.api.call('GET /api/admin/audit', { query: { limit: AUDIT_PAGE, before_id: before } });
    this.audit.value = [...(this.audit.value ?? []), ...page.entries];
    this.auditNext.value = page.next_before_id;
  }

  /** After an action: the lists shown, and the log when it was opened. */
  private async refresh(): Promise<void> {
    await Promise.all([this.pending.value && this.loadPending(), this.users.value && this.loadUsers(), this.audit.value && this.loadAudit()]);
  }

  reset(): void {
    this.users.value = null;
    this.pending.value = null;
    this.audit.value = null;
    this.auditNext.value = null;
    this.names.value = new Map();
    this.query = { status: 'all', q: '' };
  }
}
