// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { useDomRoot } from '../../testing/dom-root.ts';
import { VIEWPORT_FALLBACK, VirtualList, type VirtualListHandle } from './virtual-list.tsx';

// happy-dom has no layout: offsetHeight/clientHeight are 0, so every item measures as the
// estimate (EST px) and the viewport as VIEWPORT_FALLBACK px (the `measured` seam).
const EST = 40;
interface Item {
  id: number;
}
const range = (from: number, to: number): Item[] => Array.from({ length: to - from }, (_, i) => ({ id: from + i }));

const root = useDomRoot();

async function show(items: Item[], extra: Partial<Parameters<typeof VirtualList<Item>>[0]> = {}) {
  await act(() => {
    render(
      <VirtualList items={items} getKey={(i) => `k${i.id}`} renderItem={(i) => <span>item {i.id}</span>} estimateHeight={EST} testId="list" {...extra} />,
      root(),
    );
  });
}
const scroller = () => root().querySelector<HTMLElement>('[data-testid=list]')!;
const renderedIds = () => Array.from(root().querySelectorAll<HTMLElement>('.vlist-item')).map((n) => Number(n.dataset.vkey!.slice(1)));
async function scrollTo(top: number) {
  await act(() => {
    scroller().scrollTop = top;
    scroller().dispatchEvent(new Event('scroll'));
  });
}
/** The item whose box is at the top edge of the viewport (every item is EST px here). */
const firstVisibleId = (items: Item[]) => items[Math.floor(scroller().scrollTop / EST)].id;

describe('VirtualList', () => {
  it('keeps at most 200 item nodes in the DOM for 10,000 items, and opens at the bottom', async () => {
    const items = range(0, 10_000);
    await show(items);
    const ids = renderedIds();
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.length).toBeLessThanOrEqual(200);
    expect(ids.at(-1)).toBe(9_999);
    expect(scroller().scrollTop).toBe(10_000 * EST - VIEWPORT_FALLBACK);
    // The spacers stand in for the rest, so the scroll height is the whole list's.
    const [before, , after] = Array.from(scroller().children) as HTMLElement[];
    expect(parseFloat(before.style.height) + ids.length * EST + parseFloat(after.style.height)).toBe(10_000 * EST);
  });

  it('caps the node count even when overscan asks for more', async () => {
    await show(range(0, 10_000), { overscan: 100_000 });
    expect(renderedIds().length).toBe(200);
  });

  it('moves the window when scrolled', async () => {
    const items = range(0, 10_000);
    await show(items);
    await scrollTo(5_000 * EST);
    const ids = renderedIds();
    expect(ids).toContain(5_000);
    expect(ids).toContain(5_000 + VIEWPORT_FALLBACK / EST - 1);
    expect(ids).not.toContain(9_999);
    expect(ids.length).toBeLessThanOrEqual(200);
    await scrollTo(0);
    expect(renderedIds()[0]).toBe(0);
  });

  it('stays at the bottom when items are appended while at the bottom', async () => {
    const onAtBottomChange = vi.fn();
    let items = range(0, 10_000);
    await show(items, { onAtBottomChange });
    expect(onAtBottomChange).toHaveBeenLastCalledWith(true);
    items = [...items, ...range(10_000, 10_003)];
    await show(items, { onAtBottomChange });
    expect(scroller().scrollTop).toBe(10_003 * EST - VIEWPORT_FALLBACK);
    expect(renderedIds().at(-1)).toBe(10_002);
  });

  it('does not follow appended items when the user scrolled up', async () => {
    const onAtBottomChange = vi.fn();
    let items = range(0, 1_000);
    await show(items, { onAtBottomChange });
    await scrollTo(300 * EST);
    expect(onAtBottomChange).toHaveBeenLastCalledWith(false);
    items = [...items, ...range(1_000, 1_010)];
    await show(items, { onAtBottomChange });
    expect(scroller().scrollTop).toBe(300 * EST);
    expect(renderedIds()).not.toContain(1_009);
  });

  it('keeps the first visible item in place when older items are prepended', async () => {
    let items = range(1_000, 11_000);
    await show(items);
    await scrollTo(2_000 * EST + 15); // 15 px into item 3000
    const anchor = firstVisibleId(items);
    expect(anchor).toBe(3_000);
    items = [...range(900, 1_000), ...items];
    await show(items);
    expect(firstVisibleId(items)).toBe(anchor);
    expect(scroller().scrollTop).toBe(2_100 * EST + 15);
    expect(renderedIds()).toContain(anchor);
  });

  it('asks for older items near the top, and keeps the view when they arrive', async () => {
    let items = range(100, 200);
    const onReachTop = vi.fn();
    await show(items, { onReachTop });
    onReachTop.mockClear();
    await scrollTo(0);
    expect(onReachTop).toHaveBeenCalled();
    items = [...range(0, 100), ...items];
    await show(items, { onReachTop });
    expect(firstVisibleId(items)).toBe(100);
  });

  it('does not anchor on a row that heads the list whatever is prepended (a day separator)', async () => {
    const head = { id: -1 };
    const canAnchor = (i: Item) => i.id >= 0;
    const onReachTop = vi.fn();
    let items = [head, ...range(100, 200)];
    await show(items, { onReachTop, canAnchor });
    await scrollTo(0);
    onReachTop.mockClear();
    // Older items of the same day arrive below the separator, which keeps its key and its place.
    items = [head, ...range(0, 100), ...items.slice(1)];
    await show(items, { onReachTop, canAnchor });
    // Item 100 is still one row below the top edge (where the separator was, the newest of the
    // prepended items is now); the view did not jump to the top, so it asks for no further page.
    expect(scroller().scrollTop).toBe(100 * EST);
    expect(firstVisibleId(items)).toBe(99);
    expect(onReachTop).not.toHaveBeenCalled();
  });

  it('scrolls back to the bottom through its handle', async () => {
    const handle = { current: null as VirtualListHandle | null };
    await show(range(0, 500), { handle });
    await scrollTo(0);
    await act(() => handle.current!.scrollToBottom());
    expect(scroller().scrollTop).toBe(500 * EST - VIEWPORT_FALLBACK);
  });

  it('renders an empty list', async () => {
    await show([]);
    expect(renderedIds()).toEqual([]);
  });
});
