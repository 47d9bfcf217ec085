import type { PageRow } from './repo.ts';

interface Entry {
  version: string;
  rows: PageRow[];
  /** The serialised answer without meta, valid while the read pointers are these. */
  body: { reads: string; text: string } | null;
  size: number;
}

/** The latest page of each busy room (no before_id/after_id), as rows and as the serialised answer.
 * Every hit is checked against the stamp read from the database, so a change made by another
 * worker or instance is seen as soon as it is committed: no invalidation message to lose. Bounded
 * by the characters held (the rows' JSON plus the answer), least recently used dropped first. */
export class LatestPageCache {
  private entries = new Map<string, Entry>();
  private size = 0;

  constructor(private readonly maxChars = 2_000_000) {}

  static key(roomId: number, limit: number, joinedKeyVersion: number): string {
    return `${roomId}:${limit}:${joinedKeyVersion}`;
  }

  rows(key: string, version: string): PageRow[] | null {
    const e = this.fresh(key, version);
    return e ? e.rows : null;
  }

  body(key: string, version: string, reads: string): string | null {
    const e = this.fresh(key, version);
    return e?.body && e.body.reads === reads ? e.body.text : null;
  }

  setRows(key: string, version: string, rows: PageRow[], chars: number): void {
    this.drop(key);
    this.add(key, { version, rows, body: null, size: chars });
  }

  setBody(key: string, version: string, reads: string, text: string): void {
    const e = this.entries.get(key);
    if (!e || e.version !== version) return;
    this.size += text.length - (e.body?.text.length ?? 0);
    e.size += text.length - (e.body?.text.length ?? 0);
    e.body = { reads, text };
    this.trim();
  }

  private fresh(key: string, version: string): Entry | null {
    const e = this.entries.get(key);
    if (!e) return null;
    if (e.version !== version) {
      this.drop(key);
      return null;
    }
    // Most recently used last.
    this.entries.delete(key);
    this.entries.set(key, e);
    return e;
  }

  private add(key: string, e: Entry): void {
    if (e.size > this.maxChars / 4) return; // one huge page must not flush every other room
    this.entries.set(key, e);
    this.size += e.size;
    this.trim();
  }

  private drop(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.entries.delete(key);
    this.size -= e.size;
  }

  private trim(): void {
    for (const key of this.entries.keys()) {
      if (this.size <= this.maxChars) break;
      this.drop(key);
    }
  }
}
