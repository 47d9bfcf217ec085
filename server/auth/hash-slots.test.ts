import { describe, expect, it } from 'vitest';
import { Slots } from './hash-slots.ts';

/** A task the test finishes by hand, so the order is decided by the test, not by timers. */
function gate<T>() {
  let open!: (v: T) => void;
  let fail!: (e: Error) => void;
  const done = new Promise<T>((res, rej) => ((open = res), (fail = rej)));
  return { done, open, fail };
}
const tick = () => new Promise((r) => setImmediate(r));

describe('Slots', () => {
  it('runs at most `size` tasks at once and every caller gets its own result', async () => {
    const slots = new Slots(2);
    let running = 0;
    let peak = 0;
    const gates = Array.from({ length: 6 }, () => gate<number>());
    const results = gates.map((g, i) =>
      slots.run(async () => {
        running++;
        peak = Math.max(peak, running);
        const v = await g.done;
        running--;
        return v * 10 + i;
      }),
    );
    await tick();
    expect(running).toBe(2);
    expect(slots.queued).toBe(4);
    gates.forEach((g, i) => g.open(i));
    expect(await Promise.all(results)).toEqual([0, 11, 22, 33, 44, 55]);
    expect(peak).toBe(2);
    expect(slots.queued).toBe(0);
  });

  it('starts queued tasks in arrival order', async () => {
    const slots = new Slots(1);
    const started: number[] = [];
    const first = gate<void>();
    const all = [0, 1, 2, 3].map((i) =>
      slots.run(async () => {
        started.push(i);
        if (i === 0) await first.done;
      }),
    );
    await tick();
    expect(started).toEqual([0]);
    first.open();
    await Promise.all(all);
    expect(started).toEqual([0, 1, 2, 3]);
  });

  it('a failing task rejects its caller and releases its slot', async () => {
    const slots = new Slots(1);
    const failing = gate<void>();
    const bad = slots.run(() => failing.done);
    const good = slots.run(async () => 'after');
    await tick();
    expect(slots.queued).toBe(1);
    failing.fail(new Error('boom'));
    await expect(bad).rejects.toThrow('boom');
    expect(await good).toBe('after');
    // A task that throws synchronously inside the async function frees its slot too.
    await expect(slots.run(async () => { throw new Error('sync'); })).rejects.toThrow('sync');
    expect(await slots.run(async () => 1)).toBe(1);
  });

  it('refuses a size below 1', () => {
    expect(() => new Slots(0)).toThrow();
  });
});
