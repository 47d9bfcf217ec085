import { signal } from '@preact/signals';
import type { RoomMember } from '../../../protocol/rest/members.ts';
import type { ChatItem, RoomTimeline } from '../stores.ts';
import { ReadPointers } from './read-pointers.ts';
import { TypingIndicators } from './typing.ts';

/** Index of `id` in ascending `ids`, or where it would go. */
function lowerBound(ids: readonly number[], id: number): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ids[mid]! < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** One room's messages: a `message_id → item` index plus the ids in order, so every event
 * (edit, delete, reaction, read) touches one item instead of reloading; optimistic bubbles sit
 * after the sent messages, keyed by client_msg_id. Items are immutable: a change replaces the
 * object, so views can compare by identity. */
export class Timeline implements RoomTimeline {
  readonly items = signal<ChatItem[]>([]);
  readonly hasOlder = signal(false);
  readonly loadingOlder = signal(false);
  readonly members = signal<RoomMember[]>([]);
  readonly typists: TypingIndicators;
  readonly reads = new ReadPointers();
  /** The latest page is merged (catch-up needs a starting point). */
  loaded = false;
  /** The latest-page load in flight (or done); null until opened or after a failed load. */
  loading: Promise<void> | null = null;
  private readonly byId = new Map<number, ChatItem>();
  private ids: number[] = [];
  private readonly pending = new Map<string, ChatItem>();

  constructor(
    readonly roomId: number,
    typingExpiryMs?: number,
  ) {
    this.typists = new TypingIndicators(typingExpiryMs);
  }

  get typing() {
    return this.typists.list;
  }

  get(id: number): ChatItem | undefined {
    return this.byId.get(id);
  }

  pendingItem(clientMsgId: string): ChatItem | undefined {
    return this.pending.get(clientMsgId);
  }

  pendingItems(): ChatItem[] {
    return [...this.pending.values()];
  }

  newestId(): number | null {
    return this.ids.length ? this.ids[this.ids.length - 1]! : null;
  }

  oldestId(): number | null {
    return this.ids.length ? this.ids[0]! : null;
  }

  /** Server messages. A known id is kept as it is (live events are fresher than a page fetched
   * meanwhile) unless `replace` (a live new_message); a message carrying the client_msg_id of one of
   * my pending bubbles takes that bubble's place and key; anything else is inserted in id order. */
  merge(items: readonly ChatItem[], replace = false): void {
    for (const item of items) this.put(item, replace);
    this.publish();
  }

  /** The ACK came: the bubble becomes the sent message `id` (same key). If the echo came first it
   * already took the bubble's place, and there is nothing left to do. */
  confirm(clientMsgId: string, id: number): void {
    const p = this.pending.get(clientMsgId);
    if (!p) return;
    this.pending.delete(clientMsgId);
    if (!this.byId.has(id)) {
      const { error: _error, ...rest } = p;
      this.byId.set(id, { ...rest, id, state: 'sent', unreadCount: this.reads.known ? this.reads.unreadFor(id, p.senderId) : 0 });
      this.insertId(id);
    }
    this.publish();
  }

  setPending(item: ChatItem): void {
    if (item.clientMsgId === null) return;
    this.pending.set(item.clientMsgId, item);
    this.publish();
  }

  removePending(clientMsgId: string): void {
    if (this.pending.delete(clientMsgId)) this.publish();
  }

  /** Change one sent message; false when it is not loaded here. */
  patch(id: number, fn: (item: ChatItem) => ChatItem): boolean {
    const item = this.byId.get(id);
    if (!item) return false;
    const next = fn(item);
    if (next === item) return true;
    this.byId.set(id, next);
    this.publish();
    return true;
  }

  /** Change every loaded message that matches (a renamed sender). */
  patchWhere(match: (item: ChatItem) => boolean, fn: (item: ChatItem) => ChatItem): void {
    let changed = false;
    for (const [id, item] of this.byId) {
      if (!match(item)) continue;
      this.byId.set(id, fn(item));
      changed = true;
    }
    if (changed) this.publish();
  }

  setMembers(members: RoomMember[]): void {
    this.members.value = members;
    this.reads.set(members);
    for (const [id, item] of this.byId) {
      const unread = this.reads.unreadFor(id, item.senderId);
      if (unread !== item.unreadCount) this.byId.set(id, { ...item, unreadCount: unread });
    }
    this.publish();
  }

  /** A member read up to `messageId`: only the messages between their old and new pointer change. */
  applyRead(userId: number, messageId: number): void {
    const old = this.reads.advance(userId, messageId);
    if (old === null) return;
    let changed = false;
    for (let i = this.ids.length - 1; i >= 0 && this.ids[i]! > old; i--) {
      const id = this.ids[i]!;
      if (id > messageId) continue;
      const item = this.byId.get(id)!;
      const unread = this.reads.unreadFor(id, item.senderId);
      if (unread !== item.unreadCount) {
        this.byId.set(id, { ...item, unreadCount: unread });
        changed = true;
      }
    }
    if (changed) this.publish();
  }

  /** Drop the sent messages (a gap too large to catch up); pending bubbles stay. */
  clearSent(): void {
    this.byId.clear();
    this.ids = [];
    this.publish();
  }

  private put(item: ChatItem, replace: boolean): void {
    const id = item.id!;
    const known = this.byId.get(id);
    if (known) {
      if (replace) this.byId.set(id, { ...item, key: known.key, reactions: item.reactions.length ? item.reactions : known.reactions });
      return;
    }
    let key = item.key;
    const bubble = item.clientMsgId && item.mine ? this.pending.get(item.clientMsgId) : undefined;
    if (bubble) {
      key = bubble.key;
      this.pending.delete(item.clientMsgId!);
    }
    this.byId.set(id, { ...item, key });
    this.insertId(id);
  }

  private insertId(id: number): void {
    // Nearly always an append (new messages) or a prepend block (older pages).
    if (!this.ids.length || id > this.ids[this.ids.length - 1]!) this.ids.push(id);
    else this.ids.splice(lowerBound(this.ids, id), 0, id);
  }

  private publish(): void {
    const out: ChatItem[] = new Array(this.ids.length);
    for (let i = 0; i < this.ids.length; i++) out[i] = this.byId.get(this.ids[i]!)!;
    for (const p of this.pending.values()) out.push(p);
    this.items.value = out;
  }
}
