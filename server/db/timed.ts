import type { Db } from './client.ts';

/** The database with every round trip timed (execute and batch; the rest pass through). A
 * failed call is timed too: a slow failure is what an operator is looking for. */
export function timedDb(db: Db, observe: (op: string, seconds: number) => void): Db {
  const timed = <A extends unknown[], R>(op: string, fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const started = performance.now();
      try {
        return await fn(...args);
      } finally {
        observe(op, (performance.now() - started) / 1000);
      }
    };
  const execute = timed('execute', db.execute.bind(db) as (...a: unknown[]) => Promise<unknown>);
  const batch = timed('batch', db.batch.bind(db) as (...a: unknown[]) => Promise<unknown>);
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'execute') return execute;
      if (prop === 'batch') return batch;
      const value = Reflect.get(target, prop);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
