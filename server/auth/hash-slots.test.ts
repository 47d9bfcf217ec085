import { describe, expect, it } from 'vitest';
import { Slots, hashShare } from './hash-slots.ts';

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

  it('resize: a larger limit starts waiting tasks at once; a smaller one holds new tasks until enough finish', async () => {
    const slots = new Slots(1);
    const gates = [gate<void>(), gate<void>(), gate<void>()];
    const started: number[] = [];
    const all = gates.map((g, i) => slots.run(async () => (started.push(i), g.done)));
    await tick();
    expect(started).toEqual([0]);
    slots.resize(3);
    await tick();
    expect(started).toEqual([0, 1, 2]);
    slots.resize(1);
    const late = slots.run(async () => started.push(3));
    gates[0]!.open();
    gates[1]!.open();
    await tick();
    expect(started).toEqual([0, 1, 2]); // one still running: the limit of 1 is full
    gates[2]!.open();
    await Promise.all([...all, late]);
    expect(started).toEqual([0, 1, 2, 3]);
  });

  it('hashShare gives each of several workers its part of the cores, at least one', () => {
    expect(hashShare(1)).toBeGreaterThanOrEqual(1);
    expect(hashShare(64)).toBe(1);
    expect(hashShare(2)).toBe(Math.max(1, Math.floor(hashShare(1) / 2)));
  });
});
