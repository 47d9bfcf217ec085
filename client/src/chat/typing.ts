import { signal } from '@preact/signals';

export interface Typist {
  userId: number;
  nickname: string;
}

/** Who is typing in one room. Every start expires by itself after `expiryMs` (the server expires
 * too, but a lost stop event must never leave an indicator stuck, as the origin's could). */
export class TypingIndicators {
  readonly list = signal<Typist[]>([]);
  private readonly timers = new Map<number, ReturnType<typeof setTimeout>>();

  constructor(private readonly expiryMs = 6000) {}

  set(userId: number, nickname: string, active: boolean): void {
    const timer = this.timers.get(userId);
    if (timer) clearTimeout(timer);
    this.timers.delete(userId);
    const others = this.list.value.filter((t) => t.userId !== userId);
    if (!active) {
      if (others.length !== this.list.value.length) this.list.value = others;
      return;
    }
    this.timers.set(userId, setTimeout(() => this.set(userId, nickname, false), this.expiryMs));
    const existing = this.list.value.find((t) => t.userId === userId);
    if (existing?.nickname !== nickname) this.list.value = [...others, { userId, nickname }];
  }

  clear(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.list.value = [];
  }
}

export interface TypingTiming {
  /** A start goes out this long after the first keystroke (a quick burst is coalesced). */
  startDelayMs: number;
  /** A stop goes out this long after the composer went idle (typing again cancels it). */
  stopDelayMs: number;
  /** While typing goes on, the start is repeated this often (the server expires it after 6 s). */
  refreshMs: number;
}

/** The composer side: debounced `typing` events (origin: 500 ms start, 150 ms stop). */
export class TypingEmitter {
  private readonly rooms = new Map<number, { start: ReturnType<typeof setTimeout> | null; stop: ReturnType<typeof setTimeout> | null; sentAt: number | null }>();

  constructor(
    private readonly emit: (roomId: number, isTyping: boolean) => void,
    private readonly timing: TypingTiming = { startDelayMs: 500, stopDelayMs: 150, refreshMs: 3000 },
  ) {}

  update(roomId: number, active: boolean): void {
    let st = this.rooms.get(roomId);
    if (!st) this.rooms.set(roomId, (st = { start: null, stop: null, sentAt: null }));
    const s = st;
    if (active) {
      if (s.stop) clearTimeout(s.stop);
      s.stop = null;
      if (s.sentAt !== null) {
        if (Date.now() - s.sentAt >= this.timing.refreshMs) {
          s.sentAt = Date.now();
          this.emit(roomId, true);
        }
      } else if (!s.start) {
        s.start = setTimeout(() => {
          s.start = null;
          s.sentAt = Date.now();
          this.emit(roomId, true);
        }, this.timing.startDelayMs);
      }
      return;
    }
    if (s.start) {
      // Never announced: nothing to take back.
      clearTimeout(s.start);
      s.start = null;
    }
    if (s.sentAt !== null && !s.stop) {
      s.stop = setTimeout(() => {
        s.stop = null;
        s.sentAt = null;
        this.emit(roomId, false);
      }, this.timing.stopDelayMs);
    }
  }

  reset(): void {
    for (const s of this.rooms.values()) {
      if (s.start) clearTimeout(s.start);
      if (s.stop) clearTimeout(s.stop);
    }
    this.rooms.clear();
  }
}
