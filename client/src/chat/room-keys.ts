/** Room keys, as the messages meta gives them (null: the room has none; its messages are
 * plaintext). Kept in memory only; a key not known yet is fetched once, whoever asks. */
export class RoomKeys {
  private readonly keys = new Map<number, string | null>();
  private readonly fetches = new Map<number, Promise<string | null>>();
  /** Bumped by clear(): a fetch of the previous session does not store its answer. */
  private epoch = 0;

  constructor(private readonly fetchKey: (roomId: number) => Promise<string | null>) {}

  has(roomId: number): boolean {
    return this.keys.has(roomId);
  }

  /** The key if known (null also when unknown: use `has` to tell). */
  known(roomId: number): string | null {
    return this.keys.get(roomId) ?? null;
  }

  set(roomId: number, key: string | null): void {
    this.keys.set(roomId, key);
  }

  fetch(roomId: number): Promise<string | null> {
    if (this.keys.has(roomId)) return Promise.resolve(this.known(roomId));
    let pending = this.fetches.get(roomId);
    if (!pending) {
      const epoch = this.epoch;
      pending = this.fetchKey(roomId)
        .then((key) => {
          if (epoch === this.epoch) this.keys.set(roomId, key);
          return key;
        })
        .finally(() => this.fetches.delete(roomId));
      this.fetches.set(roomId, pending);
    }
    return pending;
  }

  clear(): void {
    this.epoch++;
    this.keys.clear();
    this.fetches.clear();
  }
}
