import { type ReadonlySignal, type Signal, signal } from '@preact/signals';
import type { PollCreatedEvent, PollUpdatedEvent } from '../../../protocol/events.ts';
import type { MyPoll, Poll } from '../../../protocol/rest/polls.ts';
import type { Api } from '../net/api.ts';
import type { NewPollInput, PollsStore } from '../stores.ts';

/** A room's polls, newest first, loaded when a view first asks (GET /api/rooms/:id/polls) and
 * kept live by poll_created / poll_updated. Events never carry anyone's votes, so my own choice
 * (`my_votes`) comes from my answers and is kept across events. */
export class Polls implements PollsStore {
  private readonly rooms = new Map<number, Signal<MyPoll[] | null>>();
  private readonly loads = new Map<number, number>();
  /** Polls announced while their room's list was loading: the answer may predate them. */
  private readonly early = new Map<number, Poll[]>();
  private seq = 0;

  constructor(private readonly api: Api) {}

  /** The room's polls: null until loaded. Starts a load the first time. */
  of(roomId: number): ReadonlySignal<MyPoll[] | null> {
    let s = this.rooms.get(roomId);
    if (!s) {
      s = signal<MyPoll[] | null>(null);
      this.rooms.set(roomId, s);
      void this.load(roomId).catch(() => {});
    }
    return s;
  }

  async load(roomId: number): Promise<void> {
    const seq = ++this.seq;
    this.loads.set(roomId, seq);
    const polls = await this.api.call('GET /api/rooms/:id/polls', { params: { id: roomId } });
    // A later load (or a reset) wins.
    if (this.loads.get(roomId) !== seq) return;
    this.slot(roomId).value = polls;
    // What was announced meanwhile and the answer does not have yet (a snapshot of a poll it
    // already has may be older than the answer: those wait for the next event).
    for (const poll of this.early.get(roomId) ?? []) if (!this.find(poll.id)) this.applyEvent(roomId, poll);
    this.early.delete(roomId);
  }

  /** Reload every room a view has asked for (after a reconnect: events may have been missed). */
  async reloadAll(): Promise<void> {
    await Promise.all([...this.rooms.keys()].map((id) => this.load(id).catch(() => {})));
  }

  async create(roomId: number, request: NewPollInput): Promise<MyPoll> {
    const { poll } = await this.api.call('POST /api/rooms/:id/polls', { params: { id: roomId }, body: request });
    const mine = { ...poll, my_votes: [] };
    this.upsert(mine);
    return mine;
  }

  async vote(pollId: number, optionIds: number[]): Promise<void> {
    const { poll } = await this.api.call('POST /api/polls/:id/vote', { params: { id: pollId }, body: { option_ids: optionIds } });
    this.upsert(poll);
  }

  async close(pollId: number): Promise<void> {
    await this.api.call('POST /api/polls/:id/close', { params: { id: pollId } });
    const known = this.find(pollId);
    if (known) this.upsert({ ...known, closed: 1 });
  }

  applyCreated(e: PollCreatedEvent): void {
    this.applyEvent(e.room_id, e.poll);
  }

  applyUpdated(e: PollUpdatedEvent): void {
    this.applyEvent(e.room_id, e.poll);
  }

  reset(): void {
    this.loads.clear();
    this.early.clear();
    this.rooms.clear();
  }

  private applyEvent(roomId: number, poll: Poll): void {
    if (poll.room_id !== roomId) return;
    if (!this.rooms.get(roomId)?.value) {
      if (this.loads.has(roomId)) this.early.set(roomId, [...(this.early.get(roomId) ?? []), poll]);
      return;
    }
    const known = this.find(poll.id);
    // A close is final: an older snapshot arriving late does not reopen it.
    this.upsert({ ...poll, closed: known?.closed || poll.closed ? 1 : 0, my_votes: known?.my_votes ?? [] });
  }

  private slot(roomId: number): Signal<MyPoll[] | null> {
    let s = this.rooms.get(roomId);
    if (!s) this.rooms.set(roomId, (s = signal<MyPoll[] | null>(null)));
    return s;
  }

  private find(pollId: number): MyPoll | undefined {
    for (const s of this.rooms.values()) {
      const p = s.value?.find((x) => x.id === pollId);
      if (p) return p;
    }
    return undefined;
  }

  /** Replace or insert (newest first, by id), in a room that is loaded. */
  private upsert(poll: MyPoll): void {
    const s = this.rooms.get(poll.room_id);
    if (!s?.value) return;
    const list = s.value.filter((p) => p.id !== poll.id);
    list.push(poll);
    list.sort((a, b) => b.id - a.id);
    s.value = list;
  }
}
