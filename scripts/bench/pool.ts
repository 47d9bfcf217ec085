/** Runs socket clients in forked worker processes (worker.ts): start → all ready → go → done. */
import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import type { WorkerDone, WorkerStart } from './worker.ts';

export interface Pool {
  /** Sends 'go' to every worker; `during` runs in the driver meanwhile (e.g. a sender). */
  go(during?: () => Promise<void>): Promise<WorkerDone[]>;
}

function next<T>(w: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const on = (m: { type: string; out?: T }) => {
      if (m.type !== type) return;
      w.off('message', on);
      resolve(m.out as T);
    };
    w.on('message', on);
    w.once('exit', (code) => code !== 0 && reject(new Error(`bench worker exited ${code}`)));
  });
}

/** Splits `tokens` over `workers` processes; `expectEach(n)` is the deliveries a worker with n sockets awaits. */
export async function startPool(workers: number, base: Omit<WorkerStart, 'tokens' | 'expect'>, tokens: string[], expectEach: (n: number) => number): Promise<Pool> {
  const procs = Array.from({ length: workers }, () => fork(path.join(import.meta.dirname, 'worker.ts'), { stdio: 'inherit' }));
  await Promise.all(
    procs.map((w, i) => {
      const mine = tokens.filter((_, k) => k % workers === i);
      const ready = next(w, 'ready');
      w.send({ type: 'start', start: { ...base, tokens: mine, expect: expectEach(mine.length) } satisfies WorkerStart });
      return ready;
    }),
  );
  return {
    async go(during) {
      const done = procs.map((w) => next<WorkerDone>(w, 'done'));
      for (const w of procs) w.send({ type: 'go' });
      await during?.();
      return Promise.all(done);
    },
  };
}
