import { type ComponentChildren, type RefObject, createContext } from 'preact';
import { useContext, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';

/** A windowed, variable-height list: only the items near the viewport are in the DOM (at most
 * `maxRendered`), the rest is two spacers. Heights are measured after render and cached by key;
 * unmeasured items count as `estimateHeight`.
 *
 * Where the view is, is kept as a position, not a raw scrollTop: either "stuck to the bottom"
 * (appended items stay in view) or "item `key` is at the top, `delta` px scrolled into it"
 * (prepended items and items re-measured above the view do not move what the user reads). */

/** The only layout seam: a size of 0 means "not laid out" (happy-dom, a hidden element), and
 * the fallback is used instead (the estimate for items, VIEWPORT_FALLBACK for the viewport). */
export function measured(px: number, fallback: number): number {
  return px > 0 ? px : fallback;
}
export const VIEWPORT_FALLBACK = 600;
/** Within this distance of the end counts as "at the bottom". */
const STICK_PX = 32;

/** Given to the items: `hold()` before an item grows on purpose (a long message opened) keeps the
 * view where it is, instead of following the bottom when the view is stuck there. */
const HoldContext = createContext<(() => void) | null>(null);
export const useHoldPosition = () => useContext(HoldContext);

export interface VirtualListHandle {
  scrollToBottom(): void;
  /** Bring the item with this key to the middle of the view; false when it is not in the list. */
  scrollToKey(key: string): boolean;
}

export interface VirtualListProps<T> {
  items: readonly T[];
  getKey(item: T): string;
  renderItem(item: T, index: number): ComponentChildren;
  estimateHeight: number;
  /** Pixels rendered beyond each edge of the viewport. */
  overscan?: number;
  maxRendered?: number;
  /** The view is within one viewport of the top (after a scroll, or after the items changed). */
  onReachTop?(): void;
  /** Rows that may hold the view in place when items change above it (default: every row). A row
   * whose key heads the list whatever is prepended (a day separator: older messages of the same
   * day arrive below it) must not, or the view would stay at the top and page back for ever. */
  canAnchor?(item: T): boolean;
  onAtBottomChange?(atBottom: boolean): void;
  handle?: RefObject<VirtualListHandle | null>;
  class?: string;
  label?: string;
  testId?: string;
}

type Position = { stick: true } | { stick: false; key: string | null; delta: number; top: number };

interface Layout {
  offsets: Float64Array;
  index: Map<string, number>;
  total: number;
}

/** First index whose bottom edge is below `y`. */
function indexAt(offsets: Float64Array, y: number): number {
  let lo = 0;
  let hi = offsets.length - 2;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (offsets[mid + 1] > y) hi = mid;
    else lo = mid + 1;
  }
  return Math.max(0, lo);
}

function windowOf(l: Layout, top: number, viewport: number, overscan: number, max: number): [number, number] {
  const n = l.offsets.length - 1;
  if (n === 0) return [0, 0];
  let start = indexAt(l.offsets, top - overscan);
  let end = Math.min(n, indexAt(l.offsets, top + viewport + overscan) + 1);
  if (end - start > max) {
    start = Math.max(start, Math.min(indexAt(l.offsets, top), end - max));
    end = start + max;
  }
  return [start, end];
}

export function VirtualList<T>(props: VirtualListProps<T>) {
  const { items, getKey, estimateHeight: est, overscan = 600, maxRendered = 200 } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const rows = useRef<HTMLDivElement>(null);
  const heights = useRef(new Map<string, number>()).current;
  const heightsVersion = useRef(0);
  const viewport = useRef(VIEWPORT_FALLBACK);
  const pos = useRef<Position>({ stick: true });
  const atBottom = useRef<boolean | null>(null);
  const prevItems = useRef<readonly T[] | null>(null);
  const [, setTick] = useState(0);
  const rerender = () => setTick((n) => n + 1);
  const cb = useRef(props);
  cb.current = props;

  const layout = useMemo<Layout>(() => {
    const n = items.length;
    const offsets = new Float64Array(n + 1);
    const index = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const key = getKey(items[i]);
      index.set(key, i);
      offsets[i + 1] = offsets[i] + (heights.get(key) ?? est);
    }
    return { offsets, index, total: offsets[n] };
    // heightsVersion changes whenever a measured height does.
  }, [items, est, heightsVersion.current]);
  const layoutRef = useRef(layout);
  layoutRef.current = layout;

  const maxTop = () => Math.max(0, layoutRef.current.total - viewport.current);
  const resolveTop = (p: Position): number => {
    if (p.stick) return maxTop();
    const i = p.key === null ? undefined : layoutRef.current.index.get(p.key);
    const top = i === undefined ? p.top : layoutRef.current.offsets[i] + p.delta;
    return Math.min(Math.max(0, top), maxTop());
  };
  const anchorAt = (top: number): Position => {
    const l = layoutRef.current;
    const list = cb.current.items;
    if (list.length === 0) return { stick: false, key: null, delta: 0, top };
    let i = indexAt(l.offsets, top);
    const canAnchor = cb.current.canAnchor;
    if (canAnchor) {
      let j = i;
      while (j < list.length && !canAnchor(list[j])) j++;
      if (j < list.length) i = j; // the delta is negative then: the view starts above that row
    }
    return { stick: false, key: getKey(list[i]), delta: top - l.offsets[i], top };
  };
  const reportBottom = (bottom: boolean) => {
    if (atBottom.current === bottom) return;
    atBottom.current = bottom;
    cb.current.onAtBottomChange?.(bottom);
  };

  const top = resolveTop(pos.current);
  const [start, end] = windowOf(layout, top, viewport.current, overscan, maxRendered);

  useLayoutEffect(() => {
    const el = scroller.current!;
    let changed = false;
    for (const child of Array.from(rows.current!.children) as HTMLElement[]) {
      const key = child.dataset.vkey!;
      const h = measured(child.offsetHeight, est);
      if (heights.get(key) !== h) {
        heights.set(key, h);
        changed = true;
      }
    }
    const vp = measured(el.clientHeight, VIEWPORT_FALLBACK);
    if (vp !== viewport.current) {
      viewport.current = vp;
      changed = true;
    }
    if (changed) {
      // Re-render with the real sizes first; the position is applied on that pass.
      heightsVersion.current++;
      rerender();
      return;
    }
    if (Math.abs(el.scrollTop - top) >= 1) el.scrollTop = top;
    if (!pos.current.stick) pos.current = anchorAt(top);
    reportBottom(pos.current.stick || top >= maxTop() - STICK_PX);
    if (prevItems.current !== items) {
      prevItems.current = items;
      // Forget the heights of items that left the list (a long session must not grow without end).
      if (heights.size > 2 * items.length + 500) for (const key of heights.keys()) if (!layout.index.has(key)) heights.delete(key);
      if (top < viewport.current) cb.current.onReachTop?.();
    }
  });

  useEffect(() => {
    if (props.handle) {
      props.handle.current = {
        scrollToBottom() {
          pos.current = { stick: true };
          rerender();
        },
        scrollToKey(key) {
          const l = layoutRef.current;
          const i = l.index.get(key);
          if (i === undefined) return false;
          const height = l.offsets[i + 1] - l.offsets[i];
          pos.current = { stick: false, key, delta: -Math.max(0, (viewport.current - height) / 2), top: l.offsets[i] };
          rerender();
          return true;
        },
      };
    }
    const el = scroller.current!;
    if (typeof ResizeObserver === 'undefined') return;
    // The viewport, and the rows: an item that changes height by itself (a message opened or
    // closed, a font loaded) is measured again.
    const observer = new ResizeObserver(() => rerender());
    observer.observe(el);
    observer.observe(rows.current!);
    return () => observer.disconnect();
  }, []);

  const anchorRef = useRef(anchorAt);
  anchorRef.current = anchorAt;
  // One function for the list's life, so the items under the context do not re-render for it.
  const hold = useMemo(
    () => () => {
      if (pos.current.stick) pos.current = anchorRef.current(scroller.current!.scrollTop);
    },
    [],
  );

  const onScroll = () => {
    const st = scroller.current!.scrollTop;
    if (Math.abs(st - resolveTop(pos.current)) < 1) return; // our own scrollTop write
    const bottom = st >= maxTop() - STICK_PX;
    pos.current = bottom ? { stick: true } : anchorAt(st);
    reportBottom(bottom);
    if (st < viewport.current) cb.current.onReachTop?.();
    rerender();
  };

  const rendered = [];
  for (let i = start; i < end; i++) {
    const key = getKey(items[i]);
    rendered.push(
      <div key={key} data-vkey={key} class="vlist-item" role="listitem">
        {props.renderItem(items[i], i)}
      </div>,
    );
  }
  return (
    // A named, focusable scroll area: a region (not a log, whose live announcements would read out
    // every row the windowing mounts while scrolling).
    <div ref={scroller} class={`vlist ${props.class ?? ''}`} onScroll={onScroll} tabIndex={0} role="region" aria-label={props.label} data-testid={props.testId}>
      <div style={{ height: `${layout.offsets[start] ?? 0}px` }} aria-hidden="true" />
      <div ref={rows} role="list">
        <HoldContext.Provider value={hold}>{rendered}</HoldContext.Provider>
      </div>
      <div style={{ height: `${layout.total - (layout.offsets[end] ?? 0)}px` }} aria-hidden="true" />
    </div>
  );
}
