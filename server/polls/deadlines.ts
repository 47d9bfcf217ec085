import type { Logger } from '../logger.ts';
import type { PollRepo } from './repo.ts';

/** setTimeout's longest delay is 2^31-1 ms; farther deadlines are re-armed on the way. */
const MAX_DELAY_MS = 2 ** 31 - 1;

/** Closes polls at their deadline, on time: one timer armed for the earliest deadline of an open
 * poll (read from the database, so a restart re-arms it), re-armed when a poll with an earlier
 * deadline is created. Each closing emits `poll_updated` (closed) through `onClosed`. The
 * maintenance pass calls `closeDue()` too, as a backstop; the UPDATE … RETURNING means only the
 * call that closed a poll announces it (several instances included). Votes never depend on this:
 * the vote transaction checks the deadline itself. */
export class PollDeadlines {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private armedAt: number | null = null;
  private stopped = true;

  constructor(
    private readonly polls: PollRepo,
    private readonly onClosed: (poll: { id: number; roomId: number }) => Promise<void>,
    private readonly logger: Logger,
  ) {}

  /** Arm for the earliest deadline in the database. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.rearm();
  }

  stop(): void {
    this.stopped = true;
    this.disarm();
  }

  /** A poll with this deadline (UTC ISO) was created: fire earlier if it comes first. */
  schedule(endsAt: string): void {
    const at = Date.parse(endsAt);
    if (this.stopped || (this.armedAt !== null && this.armedAt <= at)) return;
    this.arm(at);
  }

  /** Close every poll past its deadline and announce each; how many this call closed. */
  async closeDue(): Promise<number> {
    const closed = await this.polls.closeDue();
    for (const poll of closed) {
      await this.onClosed(poll).catch((err: Error) => this.logger.error('poll close announcement failed', { poll: poll.id, error: err.message }));
    }
    return closed.length;
  }

  private arm(at: number): void {
    this.disarm();
    this.armedAt = at;
    this.timer = setTimeout(() => void this.fire(), Math.min(Math.max(0, at - Date.now()), MAX_DELAY_MS));
    this.timer.unref?.();
  }

  private disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.armedAt = null;
  }

  private async fire(): Promise<void> {
    this.timer = null;
    this.armedAt = null;
    try {
      await this.closeDue();
    } catch (err) {
      this.logger.error('poll deadline pass failed', { error: (err as Error).message });
    }
    await this.rearm();
  }

  private async rearm(): Promise<void> {
    if (this.stopped) return;
    try {
      const next = await this.polls.nextDeadline();
      // A schedule() that came in meanwhile may have armed an earlier time already.
      if (next !== null && !this.stopped) this.schedule(next);
    } catch (err) {
      this.logger.error('poll deadline re-arm failed', { error: (err as Error).message });
    }
  }
}
