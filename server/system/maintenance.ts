import type { MaintenanceResults } from '../../protocol/rest/system.ts';
import { nowIso } from '../db/time.ts';
import type { Logger } from '../logger.ts';

/** A clean-up job returns how many rows it touched. The wiring registers each feature's jobs
 * (sessions, access log, rooms; later polls and files), so this file never needs to know them. */
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
    private readonly logger: Logger,
    readonly intervalMinutes: number,
  ) {}

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
        this.logger.error('maintenance job failed', { job: name, error: (err as Error).message });
      }
    }
    this.lastRunAt = nowIso();
    this.lastResults = results;
    this.lastError = errors.length ? errors.join('; ') : null;
    return results;
  }
}
