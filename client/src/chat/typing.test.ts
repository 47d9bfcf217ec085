// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TypingEmitter, TypingIndicators } from './typing.ts';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('TypingEmitter', () => {
  it('starts 500 ms after the first keystroke, stops 150 ms after going idle, refreshes while typing', () => {
    const sent: Array<[number, boolean]> = [];
    const e = new TypingEmitter((room, on) => sent.push([room, on]));
    e.update(1, true);
    vi.advanceTimersByTime(300);
    e.update(1, true);
    vi.advanceTimersByTime(199);
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([[1, true]]);
    e.update(1, false);
    vi.advanceTimersByTime(100);
    e.update(1, true); // typing again within 150 ms: no stop
    vi.advanceTimersByTime(1000);
    expect(sent).toEqual([[1, true]]);
    vi.advanceTimersByTime(2000);
    e.update(1, true); // 3 s after the start: refreshed (the server expires it after 6 s)
    expect(sent).toEqual([[1, true], [1, true]]);
    e.update(1, false);
    vi.advanceTimersByTime(150);
    expect(sent.at(-1)).toEqual([1, false]);
  });

  it('sends nothing for a burst shorter than the start delay', () => {
    const sent: unknown[] = [];
    const e = new TypingEmitter((room, on) => sent.push([room, on]));
    e.update(2, true);
    vi.advanceTimersByTime(200);
    e.update(2, false);
    vi.advanceTimersByTime(2000);
    expect(sent).toEqual([]);
  });
});

describe('TypingIndicators', () => {
  it('expires a start that is never stopped', () => {
    const t = new TypingIndicators(6000);
    t.set(5, '철수', true);
    t.set(6, '영희', true);
    vi.advanceTimersByTime(4000);
    t.set(5, '철수', true);
    vi.advanceTimersByTime(2000);
    expect(t.list.value).toEqual([{ userId: 5, nickname: '철수' }]);
    t.set(5, '철수', false);
    expect(t.list.value).toEqual([]);
  });
});
