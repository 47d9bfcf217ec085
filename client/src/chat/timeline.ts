import { computed, type ReadonlySignal, signal } from '@preact/signals';
import type { RoomMember } from '../../../protocol/rest/members.ts';
import type { ChatItem, OutgoingItem, RoomTimeline } from '../stores.ts';
import { outgoingChatItem } from './item.ts';
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

/** Who I am, for my outgoing bubbles. */
export type Me = () => { id: number; nickname: string; profile_image: string | null } | null;

/** One room's messages: a `message_id → item` index plus the ids in order, so every event
 * (edit, delete, reaction, read) touches one item instead of reloading. `items` merges them with
 * the sender's outgoing items of the room: ACKed ones in id order, unsent ones last, each shown
 * until the room has that message itself (same key, so the bubble stays in place). Items are
 * immutable: a change replaces the object, so views can compare by identity. */
export class Timeline implements RoomTimeline {
  readonly items: ReadonlySignal<ChatItem[]>;
  readonly hasOlder = signal(false);
  readonly loadingOlder = signal(false);
  readonly members = signal<RoomMember[]>([]);
  /** Whether I administer the room, from my member entry (false until the members are known). */
  readonly isAdmin = computed(() => {
    const me = this.me()?.id;
    return this.members.value.some((m) => m.id === me && m.role === 'admin');
  });
  readonly typists: TypingIndicators;
  readonly reads = new ReadPointers();
  /** The latest page is merged (catch-up needs a starting point). */
  loaded = false;
  /** The latest-page load in flight (or done); null until opened or after a failed load. */
  loading: Promise<void> | null = null;
  private readonly byId = new Map<number, ChatItem>();
  private ids: number[] = [];
  /** client_msg_ids of my messages held here: their outgoing items are no longer shown. */
  private readonly mineSent = new Set<string>();
  /** The sent messages, in id order. */
  private readonly sent = signal<ChatItem[]>([]);
  /** Bumped by applyRead, which may change no sent item yet move an ACKed outgoing item's count. */
  private readonly pointers = signal(0);

  constructor(
    readonly roomId: number,
    outgoing: ReadonlySignal<OutgoingItem[]>,
    private readonly me: Me,
    typingExpiryMs?: number,
  ) {
    this.typists = new TypingIndicators(typingExpiryMs);
    this.items = computed(() => this.withOutgoing(this.sent.value, outgoing.value));
  }

  get typing() {
    return this.typists.list;
  }

  get(id: number): ChatItem | undefined {
    return this.byId.get(id);
  }

  newestId(): number | null {
    return this.ids.length ? this.ids[this.ids.length - 1]! : null;
  }

  oldestId(): number | null {
    return this.ids.length ? this.ids[0]! : null;
  }

  /** Server messages. A known id is kept as it is (live events are fresher than a page fetched
   * meanwhile) unless `replace` (a live new_message); anything else is inserted in id order. */
  merge(items: readonly ChatItem[], replace = false): void {
    for (const item of items) this.put(item, replace);
    this.publish();
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

  /** Presence or profile of one member changed (read pointers are not touched). */
  patchMember(userId: number, fn: (m: RoomMember) => RoomMember): void {
    if (!this.members.value.some((m) => m.id === userId)) return;
    this.members.value = this.members.value.map((m) => (m.id === userId ? fn(m) : m));
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
    this.pointers.value++;
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

  readers(messageId: number, senderId: number | null): RoomMember[] {
    return this.members.value.filter((m) => m.id !== senderId && (this.reads.get(m.id) ?? 0) >= messageId);
  }

  /** Drop the sent messages (a gap too large to catch up); outgoing items stay. */
  clearSent(): void {
    this.byId.clear();
    this.ids = [];
    this.mineSent.clear();
    this.publish();
  }

  private put(item: ChatItem, replace: boolean): void {
    const id = item.id!;
    const known = this.byId.get(id);
    if (known) {
      if (replace) this.byId.set(id, { ...item, key: known.key, reactions: item.reactions.length ? item.reactions : known.reactions });
      return;
    }
    if (item.mine && item.clientMsgId) this.mineSent.add(item.clientMsgId);
    this.byId.set(id, item);
    // Nearly always an append (new messages) or a prepend block (older pages).
    if (!this.ids.length || id > this.ids[this.ids.length - 1]!) this.ids.push(id);
    else this.ids.splice(lowerBound(this.ids, id), 0, id);
  }

  private publish(): void {
    const out: ChatItem[] = new Array(this.ids.length);
    for (let i = 0; i < this.ids.length; i++) out[i] = this.byId.get(this.ids[i]!)!;
    this.sent.value = out;
  }

  /** `sent` plus this room's outgoing items it does not hold yet (`sent` itself when none). */
  private withOutgoing(sent: ChatItem[], outgoing: readonly OutgoingItem[]): ChatItem[] {
    const shown = outgoing.filter((o) => o.roomId === this.roomId && !this.mineSent.has(o.clientMsgId) && (o.id === null || !this.byId.has(o.id)));
    if (shown.length === 0) return sent;
    const me = this.me();
    const acked = shown.filter((o) => o.id !== null).sort((a, b) => b.id! - a.id!);
    if (acked.length) void this.pointers.value; // their unread counts follow the read pointers
    const out = [...sent];
    // Highest id first: the positions found in `ids` stay right for the lower ones.
    for (const o of acked) {
      const unread = this.reads.known ? this.reads.unreadFor(o.id!, me?.id ?? null) : 0;
      out.splice(lowerBound(this.ids, o.id!), 0, outgoingChatItem(o, me, this.reply(o), unread));
    }
    for (const o of shown) if (o.id === null) out.push(outgoingChatItem(o, me, this.reply(o), 0));
    return out;
  }

  private reply(o: OutgoingItem): ChatItem | undefined {
    return o.replyTo ? this.byId.get(o.replyTo) : undefined;
  }
}
