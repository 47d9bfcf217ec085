import type { MaintenanceResults } from '../../protocol/rest/system.ts';
import type { Db } from '../db/client.ts';
import { DAY_MS, nowIso } from '../db/time.ts';
import type { Logger } from '../logger.ts';
import type { DeviceSessionStore } from '../sessions/store.ts';

/** A clean-up job returns how many rows it touched. Feature modules register theirs
 * (polls, files, rooms) so this file never needs to know them. */
export type MaintenanceJob = () => Promise<number>;

/** Periodic clean-up (MAINTENANCE_INTERVAL_MINUTES; 0 = only on demand). Runs one pass at start.
 * With several instances each runs it; every job is an idempotent delete/update. */
export class Maintenance {
  lastRunAt: string | null = null;
  lastResults: MaintenanceResults | null = null;
  lastError: string | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private running: Promise<MaintenanceResults> | null = null;
  private readonly jobs = new Map<keyof MaintenanceResults, MaintenanceJob>();

  constructor(
    private readonly deps: { db: Db; sessions: DeviceSessionStore; logger: Logger },
    readonly intervalMinutes: number,
  ) {
    this.register('cleaned_access_logs', () => this.cleanupAccessLogs(90));
    this.register('cleaned_device_sessions', () => deps.sessions.cleanupStale());
    this.register('cleaned_empty_rooms', () => this.cleanupEmptyRooms());
  }

  register(name: keyof MaintenanceResults, job: MaintenanceJob): void {
    this.jobs.set(name, job);
  }

  get schedulerStarted(): boolean {
    return this.timer !== null;
  }

  start(): void {
    if (this.intervalMinutes <= 0 || this.timer) return;
    this.timer = setInterval(() => void this.runOnce(), this.intervalMinutes * 60_000);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One pass; concurrent callers share it. A failing job is logged and counted as 0, the rest run. */
  runOnce(): Promise<MaintenanceResults> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pass(): Promise<MaintenanceResults> {
    const results: MaintenanceResults = {
      closed_polls: 0,
      cleaned_access_logs: 0,
      cleaned_empty_rooms: 0,
      cleaned_device_sessions: 0,
      cleaned_upload_tokens: 0,
      cleaned_orphan_uploads: 0,
      cleaned_orphan_profiles: 0,
    };
    const errors: string[] = [];
    for (const [name, job] of this.jobs) {
      try {
        results[name] = await job();
      } catch (err) {
        errors.push(`${name}: ${(err as Error).message}`);
        this.deps.logger.error('maintenance job failed', { job: name, error: (err as Error).message });
      }
    }
    this.lastRunAt = nowIso();
    this.lastResults = results;
    this.lastError = errors.length ? errors.join('; ') : null;
    return results;
  }

  /** Access logs older than `days`, except those under an active legal hold. */
  private async cleanupAccessLogs(days: number): Promise<number> {
    const rs = await this.deps.db.execute({
      sql: `DELETE FROM access_logs WHERE created_at < ? AND CAST(id AS TEXT) NOT IN
              (SELECT target_id FROM legal_holds WHERE hold_type = 'access_log' AND active = 1)`,
      args: [new Date(Date.now() - days * DAY_MS).toISOString()],
    });
    return rs.rowsAffected;
  }

  /** Rooms nobody is in any more; their messages, files rows, pins and polls cascade. */
  private async cleanupEmptyRooms(): Promise<number> {
    const rs = await this.deps.db.execute(
      'DELETE FROM rooms WHERE NOT EXISTS (SELECT 1 FROM room_members WHERE room_members.room_id = rooms.id)',
    );
    return rs.rowsAffected;
  }
}
