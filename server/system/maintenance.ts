import type { MaintenanceJobResult, MaintenanceResults } from '../../protocol/rest/system.ts';
import { nowIso } from '../db/time.ts';
import type { Logger } from '../logger.ts';

/** A clean-up job returns how many rows (or files) it touched. The wiring registers each
 * feature's jobs (polls, access log, rooms, sessions, files), so this file never needs to know them. */
export type MaintenanceJob = () => Promise<number>;

/** The lease that makes a pass run once per cluster, and where its report is kept for every
 * instance's health (SystemRepo). */
export interface MaintenanceLease {
  takeLease(name: string, holder: string, ttlMs: number): Promise<boolean>;
  releaseLease(name: string, holder: string): Promise<void>;
  saveRun(name: string, holder: string, at: string, report: string): Promise<void>;
  lastRun(name: string): Promise<{ holder: string; lastRunAt: string | null; report: string | null } | null>;
}

/** What health shows of the last pass, whoever ran it. */
export interface MaintenanceReport {
  lastRunAt: string | null;
  lastRunBy: string | null;
  results: MaintenanceResults | null;
  jobs: Record<string, MaintenanceJobResult>;
  error: string | null;
}

const LEASE = 'maintenance';
const EMPTY: MaintenanceResults = {
  closed_polls: 0,
  cleaned_access_logs: 0,
  cleaned_empty_rooms: 0,
  cleaned_device_sessions: 0,
  cleaned_upload_tokens: 0,
  cleaned_orphan_uploads: 0,
  cleaned_orphan_profiles: 0,
};

/** Periodic clean-up every MAINTENANCE_INTERVAL_MINUTES (0 = only the pass at start), once per
 * cluster: each tick, an instance runs the pass only if it takes (or renews) the lease row. The
 * holder renews at every tick; if it dies, another instance takes the lease once it expires
 * (1.5 intervals, at least a minute). Every job is FK-safe and idempotent, so a pass cut short
 * is simply done again. */
export class Maintenance {
  private local: MaintenanceReport = { lastRunAt: null, lastRunBy: null, results: null, jobs: {}, error: null };
  private timer: ReturnType<typeof setInterval> | null = null;
  private running: Promise<MaintenanceResults | null> | null = null;
  private readonly jobs = new Map<string, MaintenanceJob>();

  constructor(
    private readonly deps: { logger: Logger; lease: MaintenanceLease; instanceId: string },
    readonly intervalMinutes: number,
  ) {}

  register(name: keyof MaintenanceResults | (string & {}), job: MaintenanceJob): void {
    this.jobs.set(name, job);
  }

  get schedulerStarted(): boolean {
    return this.timer !== null;
  }

  /** This instance's own last pass (tests and operator tools). */
  get lastResults(): MaintenanceResults | null {
    return this.local.results;
  }

  get lastError(): string | null {
    return this.local.error;
  }

  start(): void {
    if (this.intervalMinutes <= 0 || this.timer) return;
    this.timer = setInterval(() => void this.runOnce(), this.intervalMinutes * 60_000);
    this.timer.unref?.();
  }

  /** Stop the timer and hand the lease back, so another instance takes over at its next tick. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
    await this.deps.lease.releaseLease(LEASE, this.deps.instanceId).catch(() => {});
  }

  /** One pass if this instance holds the lease, else null (another instance runs it). Concurrent
   * callers share the pass. A failing job is logged and reported; the others still run. */
  runOnce(): Promise<MaintenanceResults | null> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** The cluster's last pass as stored in the database; this instance's own when the database
   * cannot be read. */
  async report(): Promise<MaintenanceReport> {
    try {
      const run = await this.deps.lease.lastRun(LEASE);
      if (!run?.report) return this.local;
      const stored = JSON.parse(run.report) as Pick<MaintenanceReport, 'results' | 'jobs' | 'error'>;
      return { lastRunAt: run.lastRunAt, lastRunBy: run.holder, ...stored };
    } catch {
      return this.local;
    }
  }

  private async pass(): Promise<MaintenanceResults | null> {
    const ttlMs = Math.max(this.intervalMinutes * 60_000 * 1.5, 60_000);
    const { instanceId, logger, lease } = this.deps;
    const held = await lease.takeLease(LEASE, instanceId, ttlMs).catch((err: Error) => {
      logger.error('maintenance lease not taken', { error: err.message });
      return false;
    });
    if (!held) {
      logger.debug('maintenance skipped: another instance holds the lease');
      return null;
    }
    const results: MaintenanceResults & Record<string, number> = { ...EMPTY };
    const jobs: Record<string, MaintenanceJobResult> = {};
    const errors: string[] = [];
    for (const [name, job] of this.jobs) {
      let rows = 0;
      let error: string | null = null;
      try {
        rows = await job();
      } catch (err) {
        error = (err as Error).message;
        errors.push(`${name}: ${error}`);
        logger.error('maintenance job failed', { job: name, error });
      }
      results[name] = rows;
      jobs[name] = { at: nowIso(), rows, error };
    }
    const error = errors.length ? errors.join('; ') : null;
    this.local = { lastRunAt: nowIso(), lastRunBy: instanceId, results, jobs, error };
    logger.info('maintenance pass', { results, error });
    await lease.saveRun(LEASE, instanceId, this.local.lastRunAt!, JSON.stringify({ results, jobs, error })).catch((err: Error) => {
      logger.error('maintenance report not saved', { error: err.message });
    });
    return results;
  }
}
