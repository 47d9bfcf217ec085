import type { SearchQueue } from './repo.ts';

/** How long after a new message the queue is indexed in the background. */
const DELAY_MS = 200;

/** Builds the search index from the queue that new messages fill (migration 11): in batches, a
 * moment after messages are stored, and before every search, so a search always sees every
 * message committed before it. The queue is a table, so a crash loses nothing: whichever process
 * of the database searches or stores next indexes it, and several processes may do so at once
 * (each batch is one write transaction that takes its rows off the queue). */
export class SearchIndexer {
  private running: Promise<void> | null = null;
  private next: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly queue: SearchQueue,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** Index the queue a moment from now (several calls, one pass). */
  soon(): void {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.catchUp().catch(this.onError);
    }, DELAY_MS);
    this.timer.unref();
  }

  /** Resolves once everything queued before the call is indexed. */
  catchUp(): Promise<void> {
    if (!this.running) {
      this.running = this.drain().finally(() => {
        this.running = null;
      });
      return this.running;
    }
    // The pass under way may have looked at the queue before the caller's message joined it: one
    // more pass after it, shared by everyone who asks meanwhile.
    this.next ??= this.running
      .catch(() => {})
      .then(() => {
        this.next = null;
        return this.catchUp();
      });
    return this.next;
  }

  /** No more background passes; resolves when the one under way has ended (before the database
   * closes). What is still queued waits in the table for the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.next?.catch(() => {});
    await this.running?.catch(() => {});
  }

  private async drain(): Promise<void> {
    while (await this.queue.pending()) await this.queue.indexNext();
  }
}
