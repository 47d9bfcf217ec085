import os from 'node:os';

/** A first-come-first-served limit on concurrent work: `run(task)` starts the task when fewer than
 * `size` are running, else queues it; a finished or failed task hands its slot to the next. */
export class Slots {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly size: number) {
    if (!(size >= 1)) throw new Error('Slots: size must be at least 1');
  }

  /** Tasks waiting for a slot (for tests and metrics). */
  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running < this.size) this.running++;
    // The slot is handed over by release(): `running` stays counted for the woken task.
    else await new Promise<void>((wake) => this.waiting.push(wake));
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }
}

/** Password hashes at once. Each scrypt holds 16 MiB of memory (128·N·r) on a libuv pool thread;
 * more hashes than cores only add memory (and glibc keeps each thread's arena afterwards), never
 * throughput. */
export const hashSlots = new Slots(Math.max(1, Math.min(4, os.availableParallelism?.() ?? os.cpus().length)));
