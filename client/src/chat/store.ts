import type { ReadonlySignal } from '@preact/signals';
import type {
  MessageDeletedEvent,
  MessageEditedEvent,
  NewMessageEvent,
  ReactionUpdatedEvent,
  ReadUpdatedEvent,
  UserProfileUpdatedEvent,
  UserStatusEvent,
  UserTypingEvent,
} from '../../../protocol/events.ts';
import { isEncryptedContent } from '../../../protocol/crypto/index.ts';
import type { RoomMember } from '../../../protocol/rest/members.ts';
import type { MessageItem, MessagesResponse, MessageView } from '../../../protocol/rest/messages.ts';
import type { RouteQuery } from '../../../protocol/routes.ts';
import { t } from '../i18n/index.ts';
import type { Api } from '../net/api.ts';
import type { Realtime } from '../net/realtime.ts';
import type { SessionUser } from '../net/session.ts';
import type { ChatItem, ChatStore, OutgoingItem } from '../stores.ts';
import { itemFromView } from './item.ts';
import { mentionedNames } from './mentions.ts';
import { messageText, quote, replyText } from './message-text.ts';
import type { KeyRing, RoomCrypto } from './room-crypto.ts';
import { PresenceLog } from '../users/presence-log.ts';
import { Timeline } from './timeline.ts';
import { TypingEmitter, type TypingTiming } from './typing.ts';

export interface ChatDeps {
  api: Api;
  realtime: Realtime;
  me: () => SessionUser | null;
  /** Room keys and decryption (shared with the sender, which seals with it). */
  crypto: RoomCrypto;
  /** The sender's outgoing items, shown in their rooms' timelines. */
  outgoing: ReadonlySignal<OutgoingItem[]>;
  /** Latest page and older pages (default 50). */
  pageSize?: number;
  /** Catch-up pages (default 200); after 5 full pages the room reloads its latest page instead. */
  catchUpPageSize?: number;
  typingExpiryMs?: number;
  typingTiming?: TypingTiming;
  /** A room's newest message was read on load (for the room list preview). */
  onLatest?: (roomId: number, m: MessageView, text: string) => void;
  /** Encrypted messages this device could read (for the device search index). */
  onDecrypted?: (items: ChatItem[]) => void;
  /** A message was deleted (the device search index forgets it). */
  onDeleted?: (messageId: number) => void;
}

/** Pages read backward to bring a searched message into its room's timeline (200 each). */
const REVEAL_PAGES = 10;
const REVEAL_PAGE_SIZE = 200;

const MAX_CATCH_UP_PAGES = 5;

/** Messages of the rooms the user opened: history pages, live events applied through each
 * timeline's index, decryption, read receipts, typing. My outgoing messages are the sender's; each
 * timeline only reads them (see Timeline). */
export class Chat implements ChatStore {
  private readonly timelines = new Map<number, Timeline>();
  /** The newest message_read we emitted per room. */
  private readonly readSent = new Map<number, number>();
  private readonly typingOut: TypingEmitter;
  /** Bumped by reset(): answers that belong to a previous session are dropped. */
  private epoch = 0;
  /** Presence events, so members fetched before one (room info, messages meta) do not undo it. */
  private readonly presence = new PresenceLog();

  constructor(private readonly deps: ChatDeps) {
    this.typingOut = new TypingEmitter((roomId, isTyping) => {
      if (this.connected) this.deps.realtime.emitAck('typing', { room_id: roomId, is_typing: isTyping }).catch(() => {});
    }, deps.typingTiming);
  }

  private get pageSize() {
    return this.deps.pageSize ?? 50;
  }

  private get crypto() {
    return this.deps.crypto;
  }

  private get connected() {
    return this.deps.realtime.status.value === 'connected';
  }

  private get meId(): number | null {
    return this.deps.me()?.id ?? null;
  }

  open(roomId: number): Timeline {
    const tl = this.timeline(roomId);
    if (!tl.loading) void this.loadLatest(tl).catch(() => {});
    return tl;
  }

  /** The first page of an opened room (tests and views that want to await it). */
  whenLoaded(roomId: number): Promise<void> {
    return this.open(roomId).loading ?? Promise.resolve();
  }

  /** A timeline, if the room was opened or has outgoing bubbles (then without loading it). */
  get(roomId: number): Timeline | undefined {
    return this.timelines.get(roomId) ?? (this.deps.outgoing.value.some((o) => o.roomId === roomId) ? this.timeline(roomId) : undefined);
  }

  async loadOlder(roomId: number, limit = this.pageSize): Promise<void> {
    const tl = this.timelines.get(roomId);
    if (!tl || tl.loadingOlder.value) return;
    if (!tl.loaded) await tl.loading;
    const oldest = tl.oldestId();
    if (oldest === null || !tl.hasOlder.value) return;
    tl.loadingOlder.value = true;
    const epoch = this.epoch;
    try {
      const page = await this.page(roomId, { before_id: oldest, limit, include_meta: false });
      if (epoch !== this.epoch) return;
      tl.merge(await this.toItems(tl, page.messages));
      tl.hasOlder.value = page.messages.length >= limit;
    } finally {
      tl.loadingOlder.value = false;
    }
  }

  /** Open a room with message `messageId` loaded, and messages around it: older pages are read
   * until it is there (at most REVEAL_PAGES), then one more when little comes before it. Newer
   * messages are there already (a timeline is contiguous up to the latest). False when it could
   * not be reached. */
  async reveal(roomId: number, messageId: number): Promise<boolean> {
    const tl = this.open(roomId);
    await tl.loading;
    for (let i = 0; !tl.get(messageId) && tl.hasOlder.value && i < REVEAL_PAGES; i++) {
      while (tl.loadingOlder.value) await new Promise((r) => setTimeout(r, 20));
      await this.loadOlder(roomId, REVEAL_PAGE_SIZE);
    }
    if (!tl.get(messageId)) return false;
    const before = tl.items.value.filter((it) => it.id !== null && it.id < messageId).length;
    if (before < 10 && tl.hasOlder.value) await this.loadOlder(roomId);
    return true;
  }

  /** message_read for the newest loaded message, once: not again for the same message, and not for
   * one my pointer already covers (the origin never sent it, so badges never cleared). */
  markRead(roomId: number): void {
    const tl = this.timelines.get(roomId);
    const newest = tl?.newestId();
    if (!tl || !newest || !this.connected) return;
    const me = this.meId;
    const done = Math.max(this.readSent.get(roomId) ?? 0, me === null ? 0 : (tl.reads.get(me) ?? 0));
    if (newest <= done) return;
    const before = this.readSent.get(roomId);
    this.readSent.set(roomId, newest);
    this.deps.realtime.emitAck('message_read', { room_id: roomId, message_id: newest }).then(
      (ack) => !ack.ok && this.unmarkRead(roomId, newest, before),
      () => this.unmarkRead(roomId, newest, before),
    );
  }

  typing(roomId: number, active: boolean): void {
    this.typingOut.update(roomId, active);
  }

  /** After a reconnect: every loaded room fetches what came after its newest message (after_id),
   * with fresh meta (read pointers moved meanwhile). Merging is by id, so nothing doubles. */
  async catchUp(): Promise<void> {
    const rooms = [...this.timelines.values()].filter((tl) => tl.loaded);
    await Promise.all(rooms.map((tl) => this.catchUpRoom(tl).catch(() => {})));
  }

  // ---- live events (services run them one at a time, in arrival order)

  /** Returns the decrypted text of an encrypted message when we could read it (for the room
   * list preview and the notification), else null. */
  async applyNewMessage(m: NewMessageEvent): Promise<string | null> {
    const tl = this.timelines.get(m.room_id);
    // A room not open: its key still decrypts the list preview and the notification.
    const key = tl ? await this.keyFor(tl) : await this.crypto.key(m.room_id).catch(() => null);
    const content = m.content ?? '';
    const plain = m.message_type === 'text' && isEncryptedContent(content) ? await this.crypto.decrypt(`m:${m.id}`, content, key, m.key_version ?? 1) : null;
    if (tl) {
      tl.merge([await this.toItem(tl, m, key)], true);
      if (m.sender_id !== null) tl.typists.set(m.sender_id, '', false);
    }
    return plain;
  }

  async applyEdited(e: MessageEditedEvent): Promise<void> {
    const tl = this.timelines.get(e.room_id);
    const item = tl?.get(e.message_id);
    if (!tl || !item) return;
    const edited = { id: e.message_id, content: e.content, encrypted: e.encrypted ? (1 as const) : (0 as const), message_type: item.type, key_version: e.key_version };
    const text = await messageText(this.crypto, edited, await this.keyFor(tl));
    // Mentions the edit gave replace the old ones (their names from the members as a new message's).
    const mentions = e.mentions ? { mentioned: undefined, mentionsMe: undefined, ...mentionedNames(e.mentions, tl.members.value, this.meId) } : {};
    tl.patch(e.message_id, (it) => ({ ...it, text, editedAt: e.edited_at, ...mentions }));
    const patched = tl.get(e.message_id);
    if (e.encrypted && patched && text !== t('chat.undecryptable')) this.deps.onDecrypted?.([patched]);
    tl.patchWhere(
      (it) => it.replyTo === e.message_id && it.replyPreview !== null,
      (it) => ({ ...it, replyPreview: { sender: it.replyPreview!.sender, text: quote(text) } }),
    );
  }

  applyDeleted(e: MessageDeletedEvent): void {
    this.deps.onDeleted?.(e.message_id);
    const tl = this.timelines.get(e.room_id);
    if (!tl) return;
    const text = t('chat.deleted');
    tl.patch(e.message_id, (it) => ({ ...it, deleted: true, text, file: null, reactions: [] }));
    tl.patchWhere(
      (it) => it.replyTo === e.message_id && it.replyPreview !== null,
      (it) => ({ ...it, replyPreview: { sender: it.replyPreview!.sender, text } }),
    );
  }

  applyReactions(e: ReactionUpdatedEvent): void {
    this.timelines.get(e.room_id)?.patch(e.message_id, (it) => ({ ...it, reactions: e.reactions }));
  }

  applyRead(e: ReadUpdatedEvent): void {
    this.timelines.get(e.room_id)?.applyRead(e.user_id, e.message_id);
  }

  /** My own typing (my other devices) is not shown. */
  applyTyping(e: UserTypingEvent): void {
    if (e.user_id === this.meId) return;
    this.timelines.get(e.room_id)?.typists.set(e.user_id, e.nickname, e.is_typing);
  }

  applyStatus(e: UserStatusEvent): void {
    this.presence.note(e);
    for (const tl of this.timelines.values()) {
      tl.patchMember(e.user_id, (m) => ({ ...m, status: e.status, last_seen_at: e.last_seen_at ?? m.last_seen_at }));
    }
  }

  applyProfile(e: UserProfileUpdatedEvent): void {
    for (const tl of this.timelines.values()) {
      tl.patchMember(e.user_id, (m) => ({ ...m, nickname: e.nickname, profile_image: e.profile_image, status_message: e.status_message }));
      tl.patchWhere(
        (it) => it.senderId === e.user_id && (it.senderName !== e.nickname || it.senderImage !== e.profile_image),
        (it) => ({ ...it, senderName: e.nickname, senderImage: e.profile_image }),
      );
    }
  }

  /** Members joined or left: fresh members and read pointers for a loaded room. */
  async refreshMembers(roomId: number): Promise<void> {
    const tl = this.timelines.get(roomId);
    if (!tl?.loaded) return;
    const epoch = this.epoch;
    const since = this.presence.mark();
    try {
      const info = await this.deps.api.call('GET /api/rooms/:id/info', { params: { id: roomId } });
      if (epoch === this.epoch) tl.setMembers(this.withPresence(info.members, since));
    } catch {
      // Removed from the room, or offline: the next load brings the members.
    }
  }

  /** Logout: drop every room (a new user starts clean; services clear the room keys). */
  reset(): void {
    this.epoch++;
    this.presence.clear();
    for (const tl of this.timelines.values()) tl.typists.clear();
    this.timelines.clear();
    this.readSent.clear();
    this.typingOut.reset();
  }

  // ---- internals

  private timeline(roomId: number): Timeline {
    let tl = this.timelines.get(roomId);
    if (!tl) this.timelines.set(roomId, (tl = new Timeline(roomId, this.deps.outgoing, this.deps.me, this.deps.typingExpiryMs)));
    return tl;
  }

  private page(roomId: number, query: Partial<RouteQuery<'GET /api/rooms/:id/messages'>>): Promise<MessagesResponse> {
    return this.deps.api.call('GET /api/rooms/:id/messages', { params: { id: roomId }, query });
  }

  private loadLatest(tl: Timeline): Promise<void> {
    const epoch = this.epoch;
    const load = (async () => {
      const since = this.presence.mark();
      const page = await this.page(tl.roomId, { limit: this.pageSize, include_meta: true });
      if (epoch !== this.epoch) return;
      this.crypto.set(tl.roomId, { ...page, encryption_key: page.encryption_key ?? null });
      if (page.members) tl.setMembers(this.withPresence(page.members, since));
      const items = await this.toItems(tl, page.messages);
      if (epoch !== this.epoch) return;
      tl.merge(items);
      tl.hasOlder.value = page.messages.length >= this.pageSize;
      tl.loaded = true;
      const last = page.messages[page.messages.length - 1];
      const lastItem = last && tl.get(last.id);
      if (last && lastItem && last.encrypted === 1 && !lastItem.deleted) this.deps.onLatest?.(tl.roomId, last, lastItem.text);
    })();
    tl.loading = load;
    // A failed load may be retried by the next open().
    load.catch(() => tl.loading === load && (tl.loading = null));
    return load;
  }

  private async catchUpRoom(tl: Timeline): Promise<void> {
    const limit = this.deps.catchUpPageSize ?? 200;
    const epoch = this.epoch;
    let cursor = tl.newestId();
    if (cursor === null) {
      tl.loaded = false;
      return this.loadLatest(tl);
    }
    for (let pages = 0; pages < MAX_CATCH_UP_PAGES; pages++) {
      const since = this.presence.mark();
      const page = await this.page(tl.roomId, { after_id: cursor, limit, include_meta: pages === 0 });
      if (epoch !== this.epoch) return;
      if (page.members) tl.setMembers(this.withPresence(page.members, since));
      if (page.encryption_key !== undefined) this.crypto.set(tl.roomId, { ...page, encryption_key: page.encryption_key });
      tl.merge(await this.toItems(tl, page.messages));
      if (page.messages.length < limit) return;
      cursor = page.messages[page.messages.length - 1]!.id;
    }
    // Too much was missed to merge page by page: start again from the latest page.
    tl.clearSent();
    tl.loaded = false;
    await this.loadLatest(tl);
  }

  /** The keys for a timeline's messages, waiting for its first page when that is in flight. */
  private async keyFor(tl: Timeline): Promise<KeyRing | null> {
    if (!this.crypto.has(tl.roomId) && tl.loading) await tl.loading.catch(() => {});
    return this.crypto.known(tl.roomId);
  }

  private toItems(tl: Timeline, messages: MessageItem[]): Promise<ChatItem[]> {
    const key = this.crypto.known(tl.roomId);
    return Promise.all(messages.map((m) => this.toItem(tl, m, key)));
  }

  private async toItem(tl: Timeline, m: MessageView & { reactions?: MessageItem['reactions'] }, key: KeyRing | null): Promise<ChatItem> {
    const [text, reply] = await Promise.all([
      messageText(this.crypto, m, key),
      m.reply_to !== null && m.reply_content !== null ? replyText(this.crypto, m.reply_to, m.reply_content, key, m.reply_key_version ?? 1) : null,
    ]);
    const item = { ...itemFromView(m, text, reply === null ? null : { sender: m.reply_sender, text: reply }, this.meId), ...mentionedNames(m.mentions, tl.members.value, this.meId) };
    if (m.encrypted === 1 && m.message_type === 'text' && !item.deleted && isEncryptedContent(m.content ?? '') && text !== t('chat.undecryptable')) {
      this.deps.onDecrypted?.([item]);
    }
    // Our pointers are at least as fresh as the server's figure (read_updated moves them).
    return tl.reads.known ? { ...item, unreadCount: tl.reads.unreadFor(m.id, m.sender_id) } : item;
  }

  /** Members as fetched, with the presence events that arrived after the fetch began. */
  private withPresence(members: RoomMember[], since: number): RoomMember[] {
    return members.map((m) => this.presence.fresh(m.id, m, since));
  }

  private unmarkRead(roomId: number, sent: number, before: number | undefined): void {
    // Not delivered: a later markRead may try again.
    if (this.readSent.get(roomId) !== sent) return;
    if (before === undefined) this.readSent.delete(roomId);
    else this.readSent.set(roomId, before);
  }
}
