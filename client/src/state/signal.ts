import { useEffect, useState } from 'preact/hooks';

/** A tiny observable value: the stores' state. Components read it with `useValue`, which
 * re-renders them only when that value changes (compared with Object.is). */
export interface ReadonlySignal<T> {
  readonly value: T;
  subscribe(listener: (value: T) => void): () => void;
}

export interface Signal<T> extends ReadonlySignal<T> {
  value: T;
  update(fn: (current: T) => T): void;
}

export function signal<T>(initial: T): Signal<T> {
  let current = initial;
  const listeners = new Set<(value: T) => void>();
  return {
    get value() {
      return current;
    },
    set value(next: T) {
      if (Object.is(next, current)) return;
      current = next;
      for (const l of [...listeners]) l(current);
    },
    update(fn) {
      this.value = fn(current);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** A value derived from other signals, recomputed when any of them changes. */
export function computed<T>(deps: ReadonlyArray<ReadonlySignal<unknown>>, fn: () => T): ReadonlySignal<T> {
  const out = signal(fn());
  for (const d of deps) d.subscribe(() => (out.value = fn()));
  return out;
}

export function useValue<T>(s: ReadonlySignal<T>): T {
  const [, force] = useState(0);
  useEffect(() => {
    let last = s.value;
    const unsubscribe = s.subscribe((v) => {
      if (!Object.is(v, last)) {
        last = v;
        force((n) => n + 1);
      }
    });
    // The value may have changed between render and subscription.
    if (!Object.is(s.value, last)) force((n) => n + 1);
    return unsubscribe;
  }, [s]);
  return s.value;
}
