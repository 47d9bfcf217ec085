import { type ReadonlySignal, type Signal, signal } from '@preact/signals';
import type { PinUpdatedEvent } from '../../../protocol/events.ts';
import { isEncryptedContent } from '../../../protocol/crypto/index.ts';
import { DELETED_CONTENT } from '../../../protocol/message-rules.ts';
import type { Pin } from '../../../protocol/rest/pins.ts';
import { t } from '../i18n/index.ts';
import type { Api } from '../net/api.ts';
import type { RoomCrypto } from '../chat/room-crypto.ts';
import type { PinItem, PinsStore } from '../stores.ts';

/** A room's notices (GET /api/rooms/:id/pins), loaded when a view first asks and reloaded on
 * pin_updated (the event names the pin, not its content). A pinned message's text is decrypted
 * here, on the device, like any message. */
export class Pins implements PinsStore {
  private readonly rooms = new Map<number, Signal<PinItem[] | null>>();
  /** The latest load applied per room. */
  private readonly applied = new Map<number, number>();
  private seq = 0;
  /** The last load started before a reset: it and older ones are dropped. */
  private resetAt = 0;

  constructor(private readonly deps: { api: Api; crypto: RoomCrypto }) {}

  of(roomId: number): ReadonlySignal<PinItem[] | null> {
    let s = this.rooms.get(roomId);
    if (!s) {
      s = signal<PinItem[] | null>(null);
      this.rooms.set(roomId, s);
      void this.load(roomId).catch(() => {});
    }
    return s;
  }

  async load(roomId: number): Promise<void> {
    const seq = ++this.seq;
    const pins = await this.deps.api.call('GET /api/rooms/:id/pins', { params: { id: roomId } });
    const items = await Promise.all(pins.map((p) => this.toItem(p)));
    // Newer than what is shown, and not from before a reset. Not "only the last one started": a
    // create's own load, answered after the write, must show even when pin_updated started another.
    if (seq <= this.resetAt || seq <= (this.applied.get(roomId) ?? 0)) return;
    this.applied.set(roomId, seq);
    this.slot(roomId).value = items;
  }

  async create(roomId: number, pin: { messageId?: number; text?: string }): Promise<void> {
    await this.deps.api.call('POST /api/rooms/:id/pins', { params: { id: roomId }, body: { message_id: pin.messageId ?? null, content: pin.text ?? null } });
    await this.load(roomId);
  }

  async remove(roomId: number, pinId: number): Promise<void> {
    await this.deps.api.call('DELETE /api/rooms/:id/pins/:pin_id', { params: { id: roomId, pin_id: pinId } });
    const s = this.rooms.get(roomId);
    if (s?.value) s.value = s.value.filter((p) => p.id !== pinId);
  }

  /** Rooms a view has not asked for are left alone (they load when first shown). */
  applyUpdated(e: PinUpdatedEvent): void {
    if (this.rooms.has(e.room_id)) void this.load(e.room_id).catch(() => {});
  }

  async reloadAll(): Promise<void> {
    await Promise.all([...this.rooms.keys()].map((id) => this.load(id).catch(() => {})));
  }

  reset(): void {
    this.resetAt = this.seq;
    this.applied.clear();
    this.rooms.clear();
  }

  private slot(roomId: number): Signal<PinItem[] | null> {
    let s = this.rooms.get(roomId);
    if (!s) this.rooms.set(roomId, (s = signal<PinItem[] | null>(null)));
    return s;
  }

  private async toItem(p: Pin): Promise<PinItem> {
    return {
      id: p.id,
      roomId: p.room_id,
      messageId: p.message_id,
      text: p.content || (await this.messageText(p)),
      byName: p.pinned_by_name,
      at: p.pinned_at,
    };
  }

  /** A message pin's text: the message decrypted, the deleted line, or "unavailable" (no message
   * of this room: the server joins none from elsewhere). */
  private async messageText(p: Pin): Promise<string> {
    const content = p.message_content;
    if (content === null) return t('pins.unavailable');
    if (content === DELETED_CONTENT) return t('chat.deleted');
    if (!isEncryptedContent(content)) return content;
    const key = await this.deps.crypto.key(p.room_id).catch(() => null);
    return (await this.deps.crypto.decrypt(`m:${p.message_id}`, content, key, p.message_key_version ?? 1)) ?? t('chat.undecryptable');
  }
}
