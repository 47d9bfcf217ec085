import { type ReadonlySignal, type Signal, computed, signal } from '@preact/signals';
import type { MessageDeletedEvent, NewMessageEvent } from '../../../protocol/events.ts';
import type { RoomFile } from '../../../protocol/rest/files.ts';
import type { Api } from '../net/api.ts';
import type { RoomFilesFilter, RoomFilesStore } from '../stores.ts';

/** The Files panel's data: one room's files, newest first (GET /api/rooms/:id/files, all types;
 * the filter is applied here, so switching it needs no request). Loaded each time the panel
 * opens, and kept current while it is open: a deleted message drops its row at once, a new file
 * or image message reloads the list (rare, and the new row needs the server's id and size). */
export class RoomFiles implements RoomFilesStore {
  private readonly room = signal<number | null>(null);
  private readonly all = signal<RoomFile[] | null>(null);
  readonly filter: Signal<RoomFilesFilter> = signal('all');
  readonly shown: ReadonlySignal<RoomFile[] | null> = computed(() => {
    const f = this.filter.value;
    const list = this.all.value;
    return list && f !== 'all' ? list.filter((x) => x.file_type === f) : list;
  });
  private seq = 0;

  constructor(private readonly api: Api) {}

  /** The panel opened on this room: show its files from the server (null while loading). */
  open(roomId: number): Promise<void> {
    this.room.value = roomId;
    this.all.value = null;
    this.filter.value = 'all';
    return this.load();
  }

  /** The panel closed: forget the list and stop following events. */
  close(): void {
    this.seq++;
    this.room.value = null;
    this.all.value = null;
  }

  async load(): Promise<void> {
    const roomId = this.room.peek();
    if (roomId === null) return;
    const seq = ++this.seq;
    const files = await this.api.call('GET /api/rooms/:id/files', { params: { id: roomId } });
    // A later load, or a close, wins.
    if (seq === this.seq) this.all.value = files;
  }

  /** Uploader or room admin (the server decides); the row goes once the server agreed. */
  async remove(fileId: number): Promise<void> {
    const roomId = this.room.peek();
    if (roomId === null) return;
    await this.api.call('DELETE /api/rooms/:id/files/:file_id', { params: { id: roomId, file_id: fileId } });
    if (this.room.peek() === roomId) this.drop((f) => f.id === fileId);
  }

  applyDeleted(e: MessageDeletedEvent): void {
    if (e.room_id === this.room.peek()) this.drop((f) => f.message_id === e.message_id);
  }

  applyNewMessage(m: NewMessageEvent): void {
    if (m.room_id !== this.room.peek() || (m.message_type !== 'file' && m.message_type !== 'image')) return;
    void this.load().catch(() => {});
  }

  reset(): void {
    this.close();
  }

  private drop(gone: (f: RoomFile) => boolean): void {
    const list = this.all.peek();
    if (list?.some(gone)) this.all.value = list.filter((f) => !gone(f));
  }
}
