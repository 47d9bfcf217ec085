import os from 'node:os';

/** A first-come-first-served limit on concurrent work: `run(task)` starts the task when fewer than
 * `size` are running, else queues it; a finished or failed task hands its slot to the next. */
export class Slots {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private limit: number) {
    if (!(limit >= 1)) throw new Error('Slots: size must be at least 1');
  }

  get size(): number {
    return this.limit;
  }

  /** A new limit, for tasks that start from now on (a cluster worker takes its share of the cores). */
  resize(limit: number): void {
    if (!(limit >= 1)) throw new Error('Slots: size must be at least 1');
    this.limit = limit;
    while (this.running < this.limit && this.waiting.length > 0) {
      this.running++;
      this.waiting.shift()!();
    }
  }

  /** Tasks waiting for a slot (for tests and metrics). */
  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running < this.limit) this.running++;
    // The slot is handed over by release(): `running` stays counted for the woken task.
    else await new Promise<void>((wake) => this.waiting.push(wake));
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private release(): void {
    // Handed to the next task only while within the limit (it may have shrunk meanwhile).
    const next = this.running <= this.limit ? this.waiting.shift() : undefined;
    if (next) next();
    else this.running--;
  }
}

/** Password hashes at once. Each scrypt holds 16 MiB of memory (128·N·r) on a libuv pool thread;
 * more hashes than cores only add memory (and glibc keeps each thread's arena afterwards), never
 * throughput. */
export const hashSlots = new Slots(hashShare(1));

/** One process's share of the cores for hashing: with WORKERS processes, each gets cores/WORKERS
 * (at least one), so a login burst holds one hash per core across the machine, as one process does. */
export function hashShare(workers: number): number {
  const cores = os.availableParallelism?.() ?? os.cpus().length;
  return Math.max(1, Math.floor(Math.min(4, cores) / Math.max(1, workers)));
}
