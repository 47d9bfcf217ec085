import { computed, type ReadonlySignal, signal } from '@preact/signals';
import type { ErrorCode } from '../../../protocol/errors/index.ts';
import type { SendMessageAck, SendMessagePayload } from '../../../protocol/events.ts';
import { MAX_UPLOAD_BYTES, UPLOAD_TOKEN_TTL_SECONDS, fileTypeOf, isAllowedUpload } from '../../../protocol/file-rules.ts';
import type { Uploads } from '../files/uploads.ts';
import { t } from '../i18n/index.ts';
import { ApiError } from '../net/api.ts';
import { UploadAborted } from '../net/upload.ts';
import type { Realtime } from '../net/realtime.ts';
import { serial } from '../state/serial.ts';
import type { OutgoingItem, SendPipeline } from '../stores.ts';
import { type Outbox, type OutboxEntry, type OutboxFile, byAge } from './outbox.ts';
import type { RoomCrypto } from './room-crypto.ts';

export interface PipelineTiming {
  /** How long one emit waits for its ACK. */
  ackTimeoutMs: number;
  /** Backoff after the n-th unanswered attempt: base × 2^(n-1), capped at max. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Unanswered attempts before the bubble turns 'failed' (retry button). */
  maxAttempts: number;
}

/** 5 s ACK timeout; 1, 2, 4, 8, 16, 30, 30 s between 8 attempts: about 2.5 min of a wedged server
 * before a message is shown failed (the origin gave up after 2 retries 4 s apart). */
export const DEFAULT_TIMING: PipelineTiming = { ackTimeoutMs: 5000, baseDelayMs: 1000, maxDelayMs: 30_000, maxAttempts: 8 };

export function backoffDelay(attempts: number, timing: PipelineTiming): number {
  return Math.min(timing.maxDelayMs, timing.baseDelayMs * 2 ** Math.max(0, attempts - 1));
}

/** ok:false answers about the server, not the message: worth another try. Anything else
 * (validation, permission) fails at once, with the server's localised reason. */
const TRANSIENT_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['MESSAGE_SEND_FAILED', 'MESSAGE_SAVE_FAILED', 'INTERNAL_ERROR', 'SERVICE_UNAVAILABLE', 'RATE_LIMITED']);

/** ACKed items kept for the timelines, newest first: the echo or a page brings each message into its
 * room within moments, so an older one is only a filter, never a bubble. */
const ACKED_KEPT = 200;

/** The server refused the upload token (expired while offline, already used, its file gone):
 * the file is uploaded again for a new one. */
const TOKEN_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['UPLOAD_TOKEN_INVALID', 'UPLOAD_TOKEN_USED_OR_EXPIRED', 'UPLOAD_TOKEN_EXPIRED', 'UPLOAD_FILE_NOT_FOUND']);

/** A token older than this is not presented: uploading again beats a refusal at the edge. */
const TOKEN_MARGIN_MS = 30_000;

function itemOf(e: OutboxEntry, text: string, blob: Blob | null = null): OutgoingItem {
  const file = e.file ? { file: { name: e.file.name, type: e.file.type, size: e.file.size, path: e.file.path, blob } } : {};
  return { clientMsgId: e.client_msg_id, roomId: e.room_id, text, replyTo: e.reply_to, createdAt: e.created_at, state: e.state, id: null, ...(e.error ? { error: e.error } : {}), ...file };
}

type Outcome = { kind: 'sent'; id: number } | { kind: 'rejected'; error: string } | { kind: 'retry' } | { kind: 'resealed' } | { kind: 'offline' } | { kind: 'cancelled' };

interface RoomQueue {
  running: boolean;
  timer: ReturnType<typeof setTimeout> | null;
  /** Backoff: no attempt before this time. */
  notBefore: number;
  /** A (re)connect happened while an attempt was in flight: retry without waiting. */
  replayed: boolean;
}

export interface SenderDeps {
  realtime: Pick<Realtime, 'emitAck' | 'status'>;
  /** Seals outgoing text, and decrypts restored entries for their bubbles (shared with the chat store). */
  crypto: RoomCrypto;
  /** Uploads for file messages (without it, sendFile refuses). */
  uploads?: Uploads;
  timing?: Partial<PipelineTiming>;
}

/** Optimistic bubble → outbox → send_message with ACK and timeout → retry with backoff → failed.
 *
 * The bubbles are the sender's own: `outgoing` holds every unsent message and the ACKed ones, and
 * each room timeline merges them with its history (this module never calls the chat store).
 *
 * Order: one message in flight per room, oldest first, so a room's messages arrive in the order
 * they were written; rooms do not wait for each other. While the socket is down nothing is tried
 * and no attempt is spent — every (re)connect replays what is pending (socket.io's reconnection
 * is the backoff for that case); attempts count emits that went unanswered. The server is
 * idempotent on client_msg_id, so a resend of a message whose ACK was lost is harmless. */
export class Sender implements SendPipeline {
  private readonly items = signal<OutgoingItem[]>([]);
  readonly outgoing: ReadonlySignal<OutgoingItem[]> = this.items;
  readonly unsent = computed(() => this.items.value.filter((o) => o.state !== 'sent').length);
  private readonly timing: PipelineTiming;
  private outbox: Outbox | null = null;
  /** Every unsent entry (pending and failed) of the signed-in user. */
  private readonly entries = new Map<string, OutboxEntry>();
  /** Entries being sealed and written: their room's queue waits for them (keeps order). */
  private readonly unready = new Set<string>();
  private readonly queues = new Map<number, RoomQueue>();
  private generation = 0;
  private seq = 0;
  /** Outbox writes in call order: a late `put` must never resurrect an entry already removed. */
  private readonly write = serial();
  /** The bytes of unsent file messages, by client_msg_id (kept until ACKed, for a re-upload). */
  private readonly blobs = new Map<string, Blob>();
  /** File messages whose send_message is in flight: too late to cancel. */
  private readonly delivering = new Set<string>();
  readonly uploads: SendPipeline['uploads'];

  constructor(private readonly deps: SenderDeps) {
    this.timing = { ...DEFAULT_TIMING, ...deps.timing };
    this.uploads = deps.uploads?.progress ?? signal(new Map());
  }

  /** Signed in: restore this user's outbox (bubbles shown again) and deliver what is pending. */
  async start(outbox: Outbox): Promise<void> {
    this.stop();
    const generation = this.generation;
    this.outbox = outbox;
    const restored = await outbox.list().catch(() => []);
    if (generation !== this.generation) return;
    const shown: OutgoingItem[] = [];
    for (const e of restored) {
      // A new run gets a fresh retry budget; failed ones wait for the user.
      const entry: OutboxEntry = e.state === 'pending' ? { ...e, attempts: 0 } : e;
      this.entries.set(entry.client_msg_id, entry);
      this.seq = Math.max(this.seq, entry.seq);
      const blob = entry.file ? await outbox.file(entry.client_msg_id).catch(() => null) : null;
      if (blob) this.blobs.set(entry.client_msg_id, blob);
      shown.push(itemOf(entry, entry.encrypted ? (entry.typed ?? '') : entry.text, blob));
    }
    if (generation !== this.generation) return;
    this.items.value = [...this.items.value, ...shown];
    this.replay();
  }

  /** Signed out: forget the in-memory state. The outbox itself is kept for this user's next login. */
  stop(): void {
    this.generation++;
    this.deps.uploads?.stop();
    this.blobs.clear();
    this.delivering.clear();
    for (const q of this.queues.values()) if (q.timer) clearTimeout(q.timer);
    this.queues.clear();
    this.entries.clear();
    this.unready.clear();
    this.outbox = null;
    this.items.value = [];
  }

  async send(roomId: number, text: string, opts: { replyTo?: number | null; mentions?: number[] } = {}): Promise<void> {
    const body = text.trim();
    if (!body) return;
    const outbox = this.outbox;
    if (!outbox) throw new Error('not signed in');
    const generation = this.generation;
    const entry = this.newEntry(roomId, body, opts.replyTo ?? null);
    if (opts.mentions?.length) entry.mentions = opts.mentions;
    // The bubble first: the user sees the message at once, whatever the network does.
    this.entries.set(entry.client_msg_id, entry);
    this.unready.add(entry.client_msg_id);
    this.show(itemOf(entry, body));
    try {
      // Sealed before it touches the disk (see outbox.ts); if the key cannot be fetched now,
      // delivery seals it.
      this.sealed(entry, await this.deps.crypto.seal(roomId, body));
    } catch {
      // offline: stays plaintext until delivery
    }
    await this.write(() => outbox.put({ ...entry })).catch(() => {});
    if (generation !== this.generation) return;
    this.unready.delete(entry.client_msg_id);
    this.kick(roomId);
  }

  async sendFile(roomId: number, file: Blob, name: string): Promise<string | null> {
    if (!this.deps.uploads) return t('upload.unavailable');
    if (!isAllowedUpload(name)) return t('upload.type_not_allowed', { name });
    if (file.size === 0) return t('upload.empty', { name });
    if (file.size > MAX_UPLOAD_BYTES) return t('upload.too_large', { name, max: String(MAX_UPLOAD_BYTES / 1024 / 1024) });
    const outbox = this.outbox;
    if (!outbox) throw new Error('not signed in');
    const generation = this.generation;
    const entry: OutboxEntry = {
      ...this.newEntry(roomId, name, null),
      file: { name, type: fileTypeOf(name), size: file.size, token: null, path: null, token_at: null },
    };
    this.entries.set(entry.client_msg_id, entry);
    this.blobs.set(entry.client_msg_id, file);
    this.unready.add(entry.client_msg_id);
    this.show(itemOf(entry, name, file));
    // The bytes first, then the entry: a restored entry always finds its file where one is kept.
    await this.write(() => outbox.putFile(entry.client_msg_id, file)).catch(() => {});
    await this.write(() => outbox.put({ ...entry, file: { ...entry.file! } })).catch(() => {});
    if (generation !== this.generation) return null;
    this.unready.delete(entry.client_msg_id);
    this.kick(roomId);
    return null;
  }

  /** A new pending entry, next in this device's order. */
  private newEntry(roomId: number, text: string, replyTo: number | null): OutboxEntry {
    return {
      client_msg_id: crypto.randomUUID(),
      room_id: roomId,
      text,
      typed: text,
      encrypted: false,
      reply_to: replyTo,
      created_at: new Date().toISOString(),
      seq: ++this.seq,
      attempts: 0,
      state: 'pending',
    };
  }

  cancel(clientMsgId: string): boolean {
    const entry = this.entries.get(clientMsgId);
    if (!entry?.file || this.delivering.has(clientMsgId)) return false;
    this.entries.delete(clientMsgId);
    this.unready.delete(clientMsgId);
    this.blobs.delete(clientMsgId);
    this.deps.uploads?.cancel(clientMsgId);
    this.items.value = this.items.value.filter((o) => o.clientMsgId !== clientMsgId);
    const outbox = this.outbox;
    void this.write(() => outbox?.remove(clientMsgId)).catch(() => {});
    return true;
  }

  retry(clientMsgId: string): void {
    const entry = this.entries.get(clientMsgId);
    if (!entry || entry.state !== 'failed') return;
    entry.state = 'pending';
    entry.attempts = 0;
    delete entry.error;
    this.persist(entry);
    this.restate(entry);
    const q = this.queue(entry.room_id);
    q.notBefore = 0;
    this.kick(entry.room_id);
  }

  async discard(clientMsgId: string): Promise<void> {
    const entry = this.entries.get(clientMsgId);
    if (!entry || entry.state !== 'failed') return;
    this.entries.delete(clientMsgId);
    this.blobs.delete(clientMsgId);
    this.items.value = this.items.value.filter((o) => o.clientMsgId !== clientMsgId);
    const outbox = this.outbox;
    await this.write(() => outbox?.remove(clientMsgId)).catch(() => {});
  }

  /** Connected (first time or again): deliver every pending entry now, backoff or not; and read
   * restored bubbles whose room key could not be had before. */
  replay(): void {
    for (const o of this.items.value) if (o.text === '' && o.state !== 'sent') void this.reveal(this.entries.get(o.clientMsgId)!);
    for (const roomId of new Set([...this.entries.values()].map((e) => e.room_id))) {
      const q = this.queue(roomId);
      q.notBefore = 0;
      q.replayed = q.running;
      if (q.timer) clearTimeout(q.timer);
      q.timer = null;
      void this.pump(roomId);
    }
  }

  // ---- internals

  private get connected(): boolean {
    return this.deps.realtime.status.value === 'connected';
  }

  private queue(roomId: number): RoomQueue {
    let q = this.queues.get(roomId);
    if (!q) this.queues.set(roomId, (q = { running: false, timer: null, notBefore: 0, replayed: false }));
    return q;
  }

  private kick(roomId: number): void {
    const q = this.queue(roomId);
    if (!q.timer) void this.pump(roomId);
  }

  /** The oldest pending entry of the room. */
  private head(roomId: number): OutboxEntry | undefined {
    let head: OutboxEntry | undefined;
    for (const e of this.entries.values()) {
      if (e.room_id === roomId && e.state === 'pending' && (!head || byAge(e, head) < 0)) head = e;
    }
    return head;
  }

  /** The room's delivery loop; at most one runs per room. */
  private async pump(roomId: number): Promise<void> {
    const q = this.queue(roomId);
    if (q.running) return;
    q.running = true;
    const generation = this.generation;
    try {
      for (;;) {
        const entry = this.head(roomId);
        if (!entry || this.unready.has(entry.client_msg_id) || !this.connected) return;
        const wait = q.notBefore - Date.now();
        if (wait > 0) {
          q.timer = setTimeout(() => {
            q.timer = null;
            void this.pump(roomId);
          }, wait);
          return;
        }
        q.replayed = false;
        const outcome = await this.attempt(entry);
        if (generation !== this.generation) return;
        await this.settle(entry, outcome, q);
        if (outcome.kind === 'offline') return;
      }
    } finally {
      q.running = false;
    }
  }

  private async attempt(entry: OutboxEntry): Promise<Outcome> {
    if (entry.file) return this.attemptFile(entry, entry.file);
    if (!entry.encrypted) {
      try {
        const sealed = await this.deps.crypto.seal(entry.room_id, entry.text);
        if (sealed.encrypted) {
          this.sealed(entry, sealed);
          this.persist(entry);
        }
      } catch (err) {
        // Refused (no longer a member, no such room): as final as a refused send.
        if (err instanceof ApiError && !err.isNetwork) return { kind: 'rejected', error: err.message };
        entry.attempts++;
        return { kind: 'retry' }; // the key could not be fetched: never send it in clear
      }
    }
    const payload: SendMessagePayload = {
      room_id: entry.room_id,
      content: entry.text,
      type: 'text',
      encrypted: entry.encrypted,
      ...(entry.encrypted ? { key_version: entry.key_version ?? 1 } : {}),
      client_msg_id: entry.client_msg_id,
      ...(entry.reply_to ? { reply_to: entry.reply_to } : {}),
      ...(entry.mentions?.length ? { mentions: entry.mentions } : {}),
    };
    entry.attempts++;
    this.persist(entry);
    let ack: SendMessageAck;
    try {
      ack = await this.deps.realtime.emitAck('send_message', payload, this.timing.ackTimeoutMs);
    } catch (err) {
      if ((err as Error).message === 'not connected') {
        entry.attempts--; // never left the machine
        return { kind: 'offline' };
      }
      return { kind: 'retry' }; // no ACK in time, or the socket dropped mid-flight
    }
    if (ack.ok) return { kind: 'sent', id: ack.message_id };
    if (ack.error_code === 'ROOM_KEY_STALE' && entry.encrypted) return this.reseal(entry);
    if (TRANSIENT_CODES.has(ack.error_code)) return { kind: 'retry' };
    return { kind: 'rejected', error: ack.error_localized || ack.error };
  }

  private sealed(entry: OutboxEntry, sealed: { content: string; encrypted: boolean; key_version?: number }): void {
    entry.text = sealed.content;
    entry.encrypted = sealed.encrypted;
    if (sealed.key_version === undefined) delete entry.key_version;
    else entry.key_version = sealed.key_version;
  }

  /** The room key rotated after this text was sealed (a member left): nothing was stored. Seal the
   * typed text with the new current key and send it again at once, under the same client_msg_id.
   * The typed text is kept for this: the key it was sealed with may be gone (removed from the
   * room and added again: a member holds only the versions from their latest join). */
  private async reseal(entry: OutboxEntry): Promise<Outcome> {
    const { crypto } = this.deps;
    let ring;
    try {
      ring = await crypto.refresh(entry.room_id);
    } catch (err) {
      if (err instanceof ApiError && !err.isNetwork) return { kind: 'rejected', error: err.message };
      return { kind: 'retry' };
    }
    const text = entry.typed ?? (await crypto.decrypt(`c:${entry.client_msg_id}`, entry.text, ring, entry.key_version ?? 1));
    if (text === null) return { kind: 'rejected', error: t('message.failed') };
    this.sealed(entry, await crypto.seal(entry.room_id, text));
    this.persist(entry);
    return { kind: 'resealed' };
  }

  /** A file message: upload unless a fresh token is held, then send_message with the token. A
   * token refused by the server (it expired while offline) is dropped and the file uploaded again
   * on the next attempt; without the bytes (a restart where they could not be kept) it fails,
   * saying so. Never sent without a token, never silently dropped. */
  private async attemptFile(entry: OutboxEntry, file: OutboxFile): Promise<Outcome> {
    const id = entry.client_msg_id;
    if (!file.token || file.token_at === null || Date.now() - file.token_at > UPLOAD_TOKEN_TTL_SECONDS * 1000 - TOKEN_MARGIN_MS) {
      const blob = this.blobs.get(id);
      if (!blob) return { kind: 'rejected', error: t('upload.reattach') };
      try {
        const res = await this.deps.uploads!.toRoom(id, entry.room_id, blob, file.name);
        Object.assign(file, { token: res.upload_token, path: res.file_path, type: res.file_type, token_at: Date.now() });
        this.persist(entry);
        const item = this.item(id);
        if (item?.file) this.show({ ...item, file: { ...item.file, path: res.file_path, type: res.file_type } });
      } catch (err) {
        if (err instanceof UploadAborted || !this.entries.has(id)) return { kind: 'cancelled' };
        if (err instanceof ApiError && !err.isNetwork && err.status < 500) return { kind: 'rejected', error: err.message };
        if (!this.connected) return { kind: 'offline' };
        entry.attempts++;
        return { kind: 'retry' };
      }
    }
    if (!this.entries.has(id)) return { kind: 'cancelled' };
    const payload: SendMessagePayload = { room_id: entry.room_id, content: file.name, type: file.type, encrypted: false, upload_token: file.token, client_msg_id: id };
    entry.attempts++;
    this.persist(entry);
    this.delivering.add(id);
    try {
      const ack = await this.deps.realtime.emitAck('send_message', payload, this.timing.ackTimeoutMs);
      if (ack.ok) return { kind: 'sent', id: ack.message_id };
      if (TOKEN_CODES.has(ack.error_code)) {
        Object.assign(file, { token: null, token_at: null });
        this.persist(entry);
        return { kind: 'retry' };
      }
      if (TRANSIENT_CODES.has(ack.error_code)) return { kind: 'retry' };
      return { kind: 'rejected', error: ack.error_localized || ack.error };
    } catch (err) {
      if ((err as Error).message === 'not connected') {
        entry.attempts--;
        return { kind: 'offline' };
      }
      return { kind: 'retry' };
    } finally {
      this.delivering.delete(id);
    }
  }

  private async settle(entry: OutboxEntry, outcome: Outcome, q: RoomQueue): Promise<void> {
    switch (outcome.kind) {
      case 'cancelled':
        return;
      case 'sent':
        this.entries.delete(entry.client_msg_id);
        this.blobs.delete(entry.client_msg_id);
        this.acked(entry, outcome.id);
        const outbox = this.outbox;
        await this.write(() => outbox?.remove(entry.client_msg_id)).catch(() => {});
        return;
      case 'rejected':
        return this.fail(entry, outcome.error);
      case 'retry':
        if (entry.attempts >= this.timing.maxAttempts) return this.fail(entry, t('message.failed'));
        q.notBefore = q.replayed ? 0 : Date.now() + backoffDelay(entry.attempts, this.timing);
        return;
      case 'resealed':
        // Answered, not lost: go again now (the attempt still counts, so a loop cannot last).
        if (entry.attempts >= this.timing.maxAttempts) return this.fail(entry, t('message.failed'));
        q.notBefore = 0;
        return;
      case 'offline':
        return;
    }
  }

  private fail(entry: OutboxEntry, error: string): void {
    entry.state = 'failed';
    entry.error = error;
    this.persist(entry);
    this.restate(entry);
  }

  private persist(entry: OutboxEntry): void {
    // A failed write leaves the in-memory pipeline working; only the restart guarantee is lost.
    const outbox = this.outbox;
    const copy = { ...entry, ...(entry.file ? { file: { ...entry.file } } : {}) };
    void this.write(() => outbox?.put(copy)).catch(() => {});
  }

  private item(clientMsgId: string): OutgoingItem | undefined {
    return this.items.value.find((o) => o.clientMsgId === clientMsgId);
  }

  /** Show or change the item of a message, in place (a new one goes last). */
  private show(item: OutgoingItem): void {
    const list = this.items.value;
    const i = list.findIndex((o) => o.clientMsgId === item.clientMsgId);
    this.items.value = i < 0 ? [...list, item] : list.map((o, j) => (j === i ? item : o));
  }

  /** The item follows its entry: pending again, or failed with the reason. */
  private restate(entry: OutboxEntry): void {
    const item = this.item(entry.client_msg_id);
    if (item) this.show(itemOf(entry, item.text, this.blobs.get(entry.client_msg_id) ?? null));
  }

  /** Sent as message `id`: shown so (with its unread count) until its room has it, whichever of
   * the ACK and the echo comes first. */
  private acked(entry: OutboxEntry, id: number): void {
    const item = this.item(entry.client_msg_id);
    if (!item) return;
    const { error: _error, ...rest } = item;
    let list = this.items.value.map((o) => (o === item ? { ...rest, state: 'sent' as const, id } : o));
    const acked = list.filter((o) => o.state === 'sent');
    if (acked.length > ACKED_KEPT) {
      const old = new Set(acked.slice(0, acked.length - ACKED_KEPT));
      list = list.filter((o) => !old.has(o));
    }
    this.items.value = list;
    // A restored bubble can be delivered before it was decrypted (and a deduplicated resend has no echo).
    if (item.text === '') void this.reveal(entry);
  }

  /** A restored entry holds ciphertext: its bubble gets the text once the room key decrypts it. */
  private async reveal(entry: OutboxEntry): Promise<void> {
    const generation = this.generation;
    const { crypto } = this.deps;
    const text = await crypto.decrypt(`c:${entry.client_msg_id}`, entry.text, await crypto.key(entry.room_id).catch(() => null), entry.key_version ?? 1);
    const item = this.item(entry.client_msg_id);
    if (text === null || generation !== this.generation || item?.text !== '') return;
    crypto.seed(entry.text, text); // its echo needs no second decryption
    this.show({ ...item, text });
  }
}
