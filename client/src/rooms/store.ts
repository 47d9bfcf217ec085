import { signal } from '@preact/signals';
import type {
  MessageDeletedEvent,
  MessageEditedEvent,
  NewMessageEvent,
  ReadUpdatedEvent,
  RoomMembersUpdatedEvent,
  RoomNameUpdatedEvent,
  RoomUpdatedEvent,
  UserStatusEvent,
} from '../../../protocol/events.ts';
import type { RoomListItem } from '../../../protocol/rest/rooms.ts';
import type { RouteBody } from '../../../protocol/routes.ts';
import type { Api } from '../net/api.ts';
import type { Realtime } from '../net/realtime.ts';
import type { RoomsStore } from '../stores.ts';
import { PresenceLog } from '../users/presence-log.ts';
import { compareRooms, listSignature } from './order.ts';
import { previewOf } from './preview.ts';

export interface RoomsDeps {
  api: Api;
  realtime: Realtime;
  /** The signed-in user's id (null: nobody). */
  me: () => number | null;
  /** Debounce of event-triggered reloads (the origin used 100–250 ms). */
  reloadDelayMs?: number;
  /** Decrypt a room's message on this device (null: cannot); without it, encrypted previews
   * stay the server's placeholder. */
  decrypt?: (roomId: number, messageId: number, content: string, keyVersion: number) => Promise<string | null>;
}

/** The caller's room list: loaded over REST, kept current by socket events, re-published only when
 * what it shows changed (see listSignature), and the socket subscribed to exactly its rooms. */
export class Rooms implements RoomsStore {
  readonly list = signal<RoomListItem[]>([]);
  readonly loaded = signal(false);
  readonly current = signal<number | null>(null);
  private signature = '';
  private subscribedKey: string | null = null;
  private loadSeq = 0;
  private reloadTimer: ReturnType<typeof setTimeout> | null = null;
  /** Decrypted previews of encrypted last messages (room id → message time + text): the server
   * only knows '[encrypted]', so a reload keeps what we could read. */
  private readonly decrypted = new Map<number, { time: string; text: string }>();
  /** Partner presence events, so a list fetched before one does not undo it. */
  private readonly presence = new PresenceLog();

  constructor(private readonly deps: RoomsDeps) {}

  byId(roomId: number): RoomListItem | undefined {
    return this.list.value.find((r) => r.id === roomId);
  }

  async load(): Promise<void> {
    const seq = ++this.loadSeq;
    const mark = this.presence.mark();
    const rooms = await this.deps.api.call('GET /api/rooms');
    // A slower, older answer must not overwrite a newer one.
    if (seq !== this.loadSeq) return;
    const fresh = (r: RoomListItem) => (r.partner ? { ...r, partner: this.presence.fresh(r.partner.id, r.partner, mark) } : r);
    this.publish(rooms.map((r) => this.withDecryptedPreview(fresh(r))).sort(compareRooms));
    this.loaded.value = true;
    this.decryptPreviews(rooms);
  }

  /** Event-triggered reloads are coalesced: a burst of room events costs one request. */
  scheduleReload(): void {
    if (this.reloadTimer) clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => {
      this.reloadTimer = null;
      void this.load().catch(() => {});
    }, this.deps.reloadDelayMs ?? 200);
  }

  async createDirect(userId: number): Promise<number> {
    return this.create({ name: null, member_ids: [userId] });
  }

  async createGroup(name: string, userIds: number[]): Promise<number> {
    return this.create({ name, member_ids: userIds });
  }

  async invite(roomId: number, userIds: number[]): Promise<void> {
    await this.deps.api.call('POST /api/rooms/:id/members', { params: { id: roomId }, body: { user_ids: userIds } });
    this.scheduleReload();
  }

  async leave(roomId: number): Promise<void> {
    await this.deps.api.call('POST /api/rooms/:id/leave', { params: { id: roomId } });
    this.removeLocally(roomId);
  }

  async kick(roomId: number, userId: number): Promise<void> {
    await this.deps.api.call('DELETE /api/rooms/:id/members/:target', { params: { id: roomId, target: userId } });
    this.scheduleReload();
  }

  async setAdmin(roomId: number, userId: number, isAdmin: boolean): Promise<void> {
    await this.deps.api.call('POST /api/rooms/:id/admins', { params: { id: roomId }, body: { user_id: userId, is_admin: isAdmin } });
  }

  async rename(roomId: number, name: string): Promise<void> {
    await this.deps.api.call('PUT /api/rooms/:id/name', { params: { id: roomId }, body: { name } });
    this.patch(roomId, (r) => (r.type === 'group' ? { ...r, name: name.trim() } : r));
  }

  async setPinned(roomId: number, pinned: boolean): Promise<void> {
    await this.deps.api.call('POST /api/rooms/:id/pin-room', { params: { id: roomId }, body: { pinned } });
    this.patch(roomId, (r) => ({ ...r, pinned: pinned ? 1 : 0 }));
  }

  async setMuted(roomId: number, muted: boolean): Promise<void> {
    await this.deps.api.call('POST /api/rooms/:id/mute', { params: { id: roomId }, body: { muted } });
    this.patch(roomId, (r) => ({ ...r, muted: muted ? 1 : 0 }));
  }

  // ---- socket events

  /** Preview, time and unread badge from the message itself; `text` is its decrypted text when
   * we hold the room key. Unread is not bumped for my own messages or the open room. */
  applyNewMessage(m: NewMessageEvent, text: string | null): void {
    const room = this.byId(m.room_id);
    if (!room) {
      // A room we do not list yet (just created or invited): the list has to come from the server.
      this.scheduleReload();
      return;
    }
    if (room.last_message_time && Date.parse(m.created_at) < Date.parse(room.last_message_time)) return;
    if (m.encrypted === 1 && text !== null) this.decrypted.set(m.room_id, { time: m.created_at, text });
    const me = this.deps.me();
    const counts = m.sender_id !== me && this.current.value !== m.room_id;
    const mentionsMe = counts && me !== null && (m.mentions ?? []).includes(me);
    this.patch(m.room_id, (r) => ({
      ...r,
      last_message: m.encrypted === 1 ? null : m.content,
      last_message_type: m.message_type,
      last_message_time: m.created_at,
      last_message_encrypted: m.encrypted,
      last_message_file_name: m.file_name,
      last_message_id: m.id,
      last_message_ciphertext: m.encrypted === 1 && m.message_type === 'text' ? m.content : null,
      last_message_key_version: m.key_version ?? 1,
      last_message_preview: previewOf(m, text),
      last_message_system: m.system ?? null,
      unread_count: counts ? r.unread_count + 1 : r.unread_count,
      unread_mentions: (r.unread_mentions ?? 0) + (mentionsMe ? 1 : 0),
    }));
  }

  /** The newest message was deleted (a file removed, a message taken back): the preview comes
   * from the server again (it knows what is now newest and how to word it). */
  applyDeleted(e: MessageDeletedEvent): void {
    if (this.byId(e.room_id)?.last_message_id === e.message_id) this.scheduleReload();
  }

  /** The newest message was edited: its preview comes from the server again, decrypted here again
   * (the one kept for it has the same time, so it would stay). */
  applyEdited(e: MessageEditedEvent): void {
    if (this.byId(e.room_id)?.last_message_id !== e.message_id) return;
    this.decrypted.delete(e.room_id);
    this.scheduleReload();
  }

  /** My read pointer moved (on any of my devices): the badge goes. */
  applyRead(e: ReadUpdatedEvent): void {
    if (e.user_id !== this.deps.me()) return;
    this.patch(e.room_id, (r) => ({ ...r, unread_count: 0, unread_mentions: 0, last_read_message_id: Math.max(r.last_read_message_id, e.message_id) }));
  }

  applyRoomUpdated(e: RoomUpdatedEvent): void {
    switch (e.action) {
      case 'settings_updated':
        this.patch(e.room_id, (r) => ({ ...r, pinned: e.pinned, muted: e.muted }));
        return;
      case 'room_renamed':
        this.patch(e.room_id, (r) => (r.type === 'group' ? { ...r, name: e.name } : r));
        return;
      case 'member_left':
      case 'member_kicked':
        if (e.user_id === this.deps.me()) return this.removeLocally(e.room_id);
        return this.scheduleReload();
      default:
        this.scheduleReload();
    }
  }

  applyNameUpdated(e: RoomNameUpdatedEvent): void {
    this.patch(e.room_id, (r) => (r.type === 'group' ? { ...r, name: e.name } : r));
  }

  applyMembersUpdated(e: RoomMembersUpdatedEvent): void {
    if ((e.action === 'member_left' || e.action === 'member_kicked') && e.user_id === this.deps.me()) return this.removeLocally(e.room_id);
    this.scheduleReload();
  }

  applyStatus(e: UserStatusEvent): void {
    this.presence.note(e);
    if (!this.list.value.some((r) => r.partner?.id === e.user_id)) return;
    this.publish(
      this.list.value.map((r) =>
        r.partner?.id === e.user_id ? { ...r, partner: { ...r.partner, status: e.status, last_seen_at: e.last_seen_at ?? r.partner.last_seen_at } } : r,
      ),
    );
  }

  /** The chat store read a room's newest message: keep its decrypted preview. */
  notePreview(roomId: number, createdAt: string, text: string): void {
    this.decrypted.set(roomId, { time: createdAt, text });
    this.patch(roomId, (r) => this.withDecryptedPreview(r));
  }

  /** After every (re)connect: the new socket starts with no subscriptions of ours. */
  resubscribe(): void {
    this.subscribedKey = null;
    this.syncSubscription();
  }

  /** Logout: forget everything (a new user starts from an empty list). */
  reset(): void {
    if (this.reloadTimer) clearTimeout(this.reloadTimer);
    this.reloadTimer = null;
    this.loadSeq++;
    this.decrypted.clear();
    this.presence.clear();
    this.signature = '';
    this.subscribedKey = null;
    this.list.value = [];
    this.loaded.value = false;
    this.current.value = null;
  }

  // ---- internals

  private async create(body: RouteBody<'POST /api/rooms'>): Promise<number> {
    const res = await this.deps.api.call('POST /api/rooms', { body });
    await this.load();
    return res.room_id;
  }

  /** Encrypted last messages not read yet: decrypted in the background, each shown when ready
   * (the list is usable at once; the crypto cache makes a reload cheap). */
  private decryptPreviews(rooms: RoomListItem[]): void {
    const decrypt = this.deps.decrypt;
    if (!decrypt) return;
    const seq = this.loadSeq;
    for (const r of rooms) {
      const { last_message_ciphertext: content, last_message_id: id, last_message_time: time } = r;
      if (!content || id === null || !time || this.decrypted.get(r.id)?.time === time) continue;
      void decrypt(r.id, id, content, r.last_message_key_version ?? 1).then((text) => {
        if (text !== null && seq === this.loadSeq && this.byId(r.id)?.last_message_time === time) this.notePreview(r.id, time, text);
      });
    }
  }

  private withDecryptedPreview(r: RoomListItem): RoomListItem {
    const d = this.decrypted.get(r.id);
    if (!d || r.last_message_encrypted !== 1 || r.last_message_type !== 'text' || r.last_message_time !== d.time) return r;
    return { ...r, last_message_preview: previewOf({ message_type: 'text', encrypted: 1, content: null, file_name: null }, d.text) };
  }

  private patch(roomId: number, fn: (r: RoomListItem) => RoomListItem): void {
    if (!this.byId(roomId)) return;
    this.publish(this.list.value.map((r) => (r.id === roomId ? fn(r) : r)).sort(compareRooms));
  }

  private removeLocally(roomId: number): void {
    if (this.current.value === roomId) this.current.value = null;
    this.decrypted.delete(roomId);
    this.publish(this.list.value.filter((r) => r.id !== roomId));
  }

  private publish(next: RoomListItem[]): void {
    const sig = listSignature(next);
    if (sig !== this.signature) {
      this.signature = sig;
      this.list.value = next;
    }
    this.syncSubscription();
  }

  /** subscribe_rooms only when the set of room ids changed since the last one this socket got. */
  private syncSubscription(): void {
    const ids = this.list.value.map((r) => r.id).sort((a, b) => a - b);
    const key = ids.join(',');
    if (key === this.subscribedKey) return;
    if (this.deps.realtime.status.value !== 'connected') return; // resubscribe() runs at connect
    this.subscribedKey = key;
    if (ids.length === 0) return; // nothing to join
    this.deps.realtime.emitAck('subscribe_rooms', { room_ids: ids }).catch(() => {
      // Lost with the connection: the next connect subscribes again.
      if (this.subscribedKey === key) this.subscribedKey = null;
    });
  }
}
