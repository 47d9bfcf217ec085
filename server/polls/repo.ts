import type { InStatement, Row } from '@libsql/client';
import type { MyPoll, Poll } from '../../protocol/rest/polls.ts';
import type { Db } from '../db/client.ts';
import { nowIso } from '../db/time.ts';

/** Polls, their options and votes. Voters are never read out: a poll view carries counts, and
 * `my_votes` is only ever the caller's own. A poll past its deadline reads as closed even before
 * the deadline timer (deadlines.ts) has written `closed = 1`, and no vote lands after it. */

export interface NewPoll {
  question: string;
  options: string[];
  multiple_choice: boolean;
  anonymous: boolean;
  /** UTC ISO-8601 (as nowIso() writes it, so strings compare in time order), or null. */
  ends_at: string | null;
}

export type VoteResult = 'ok' | 'not_found' | 'not_member' | 'closed' | 'expired' | 'invalid_option' | 'single_choice';
export type CloseResult = 'ok' | 'not_found' | 'not_member' | 'already_closed' | 'forbidden';

const marks = (n: number) => Array.from({ length: n }, () => '?').join(',');

const IS_MEMBER = 'EXISTS (SELECT 1 FROM room_members WHERE room_id = p.room_id AND user_id = ?)';
const IS_ADMIN = `EXISTS (SELECT 1 FROM room_members rm JOIN rooms r ON r.id = rm.room_id
                          WHERE rm.room_id = p.room_id AND rm.user_id = ? AND (rm.role = 'admin' OR r.created_by = rm.user_id))`;
/** Open now: not closed and not past its deadline (args: now). */
const IS_OPEN = 'p.closed = 0 AND (p.ends_at IS NULL OR p.ends_at > ?)';

export class PollRepo {
  constructor(private readonly db: Db) {}

  /** The poll's room, or null for an unknown poll. */
  async roomOf(pollId: number): Promise<number | null> {
    const rs = await this.db.execute({ sql: 'SELECT room_id FROM polls WHERE id = ?', args: [pollId] });
    return rs.rows[0] ? Number(rs.rows[0].room_id) : null;
  }

  /** Poll and options in one transaction, only while the creator is a member; null otherwise. */
  async create(roomId: number, userId: number, poll: NewPoll): Promise<number | null> {
    const [inserted] = await this.db.batch(
      [
        {
          sql: `INSERT INTO polls (room_id, created_by, question, multiple_choice, anonymous, ends_at, created_at)
                SELECT ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM room_members WHERE room_id = ? AND user_id = ?)
                RETURNING id`,
          args: [roomId, userId, poll.question, poll.multiple_choice ? 1 : 0, poll.anonymous ? 1 : 0, poll.ends_at, nowIso(), roomId, userId],
        },
        // changes() is still the poll insert's count: nothing is attached to an older poll.
        {
          sql: `INSERT INTO poll_options (poll_id, option_text)
                SELECT last_insert_rowid(), j.value FROM json_each(?) j WHERE changes() = 1 ORDER BY j.key`,
          args: [JSON.stringify(poll.options)],
        },
      ],
      'write',
    );
    return inserted!.rows[0] ? Number(inserted!.rows[0].id) : null;
  }

  /** Replace the caller's votes with `optionIds`, in one transaction whose guard re-checks every
   * rule (member, open, not past the deadline, options of this poll, one option unless multiple). */
  async vote(pollId: number, userId: number, optionIds: number[]): Promise<VoteResult> {
    const now = nowIso();
    const ids = marks(optionIds.length);
    const validCount = `(SELECT COUNT(*) FROM poll_options WHERE poll_id = p.id AND id IN (${ids}))`;
    const guard = `EXISTS (SELECT 1 FROM polls p WHERE p.id = ? AND ${IS_MEMBER} AND ${IS_OPEN}
                     AND ${validCount} = ? AND (p.multiple_choice = 1 OR ? = 1))`;
    const guardArgs = [pollId, userId, now, ...optionIds, optionIds.length, optionIds.length];
    const [facts, , inserted] = await this.db.batch(
      [
        {
          sql: `SELECT p.closed, p.ends_at IS NOT NULL AND p.ends_at <= ? AS expired, p.multiple_choice,
                       ${IS_MEMBER} AS member, ${validCount} AS valid
                FROM polls p WHERE p.id = ?`,
          args: [now, userId, ...optionIds, pollId],
        },
        { sql: `DELETE FROM poll_votes WHERE poll_id = ? AND user_id = ? AND ${guard}`, args: [pollId, userId, ...guardArgs] },
        {
          sql: `INSERT INTO poll_votes (poll_id, option_id, user_id, voted_at)
                SELECT ?, id, ?, ? FROM poll_options WHERE poll_id = ? AND id IN (${ids}) AND ${guard}`,
          args: [pollId, userId, now, pollId, ...optionIds, ...guardArgs],
        },
      ],
      'write',
    );
    if (inserted!.rowsAffected > 0) return 'ok';
    const f = facts!.rows[0];
    if (!f) return 'not_found';
    if (!Number(f.member)) return 'not_member';
    if (Number(f.closed)) return 'closed';
    if (Number(f.expired)) return 'expired';
    if (Number(f.valid) !== optionIds.length) return 'invalid_option';
    return 'single_choice';
  }

  /** Close an open poll (creator or room admin). A poll past its deadline is already closed. */
  async close(pollId: number, userId: number): Promise<CloseResult> {
    const now = nowIso();
    const [facts, updated] = await this.db.batch(
      [
        { sql: `SELECT ${IS_MEMBER} AS member, NOT (${IS_OPEN}) AS done FROM polls p WHERE p.id = ?`, args: [userId, now, pollId] },
        {
          sql: `UPDATE polls AS p SET closed = 1
                WHERE p.id = ? AND ${IS_OPEN} AND ${IS_MEMBER} AND (p.created_by = ? OR ${IS_ADMIN})`,
          args: [pollId, now, userId, userId, userId],
        },
      ],
      'write',
    );
    if (updated!.rowsAffected > 0) return 'ok';
    const f = facts!.rows[0];
    if (!f) return 'not_found';
    if (!Number(f.member)) return 'not_member';
    return Number(f.done) ? 'already_closed' : 'forbidden';
  }

  /** Deadline: mark every poll past its deadline closed; the ids and rooms of those this call closed. */
  async closeDue(now = nowIso()): Promise<Array<{ id: number; roomId: number }>> {
    const rs = await this.db.execute({
      sql: 'UPDATE polls SET closed = 1 WHERE closed = 0 AND ends_at IS NOT NULL AND ends_at <= ? RETURNING id, room_id',
      args: [now],
    });
    return rs.rows.map((r) => ({ id: Number(r.id), roomId: Number(r.room_id) }));
  }

  /** The earliest deadline of a poll still marked open, or null. */
  async nextDeadline(): Promise<string | null> {
    const rs = await this.db.execute('SELECT MIN(ends_at) AS at FROM polls WHERE closed = 0 AND ends_at IS NOT NULL');
    return rs.rows[0]?.at == null ? null : String(rs.rows[0].at);
  }

  /** One poll as broadcasts carry it (no caller's votes). */
  async view(pollId: number): Promise<Poll | null> {
    const [poll] = await this.views('p.id = ?', [pollId]);
    return poll ?? null;
  }

  /** One poll with the caller's own votes. */
  async viewFor(pollId: number, userId: number): Promise<MyPoll | null> {
    const [poll] = await this.views('p.id = ?', [pollId], userId);
    return poll ?? null;
  }

  /** A room's polls, newest first, each with the caller's own votes. */
  async list(roomId: number, userId: number): Promise<MyPoll[]> {
    return this.views('p.room_id = ?', [roomId], userId);
  }

  private async views(where: string, args: number[], userId: number): Promise<MyPoll[]>;
  private async views(where: string, args: number[]): Promise<Poll[]>;
  private async views(where: string, args: number[], userId?: number): Promise<Array<Poll | MyPoll>> {
    const scope = `SELECT p.id FROM polls p WHERE ${where}`;
    const statements: InStatement[] = [
      {
        sql: `SELECT p.id, p.room_id, p.created_by, u.nickname AS creator_name, p.question, p.multiple_choice, p.anonymous,
                     (p.closed = 1 OR (p.ends_at IS NOT NULL AND p.ends_at <= ?)) AS closed, p.ends_at, p.created_at,
                     (SELECT COUNT(DISTINCT v.user_id) FROM poll_votes v WHERE v.poll_id = p.id) AS total_voters
              FROM polls p LEFT JOIN users u ON u.id = p.created_by WHERE ${where} ORDER BY p.id DESC`,
        args: [nowIso(), ...args],
      },
      {
        sql: `SELECT o.poll_id, o.id, o.option_text, (SELECT COUNT(*) FROM poll_votes v WHERE v.option_id = o.id) AS vote_count
              FROM poll_options o WHERE o.poll_id IN (${scope}) ORDER BY o.id`,
        args,
      },
    ];
    if (userId !== undefined) {
      statements.push({ sql: `SELECT poll_id, option_id FROM poll_votes WHERE user_id = ? AND poll_id IN (${scope}) ORDER BY option_id`, args: [userId, ...args] });
    }
    const [polls, options, mine] = await this.db.batch(statements, 'read');
    const optionsOf = groupBy(options!.rows, (r) => ({ id: Number(r.id), option_text: String(r.option_text), vote_count: Number(r.vote_count) }));
    const mineOf = mine ? groupBy(mine.rows, (r) => Number(r.option_id)) : null;
    return polls!.rows.map((r) => {
      const id = Number(r.id);
      const poll: Poll = {
        id,
        room_id: Number(r.room_id),
        // A deleted creator's polls are handed to a remaining member (users/repo.ts); 0 never shows.
        created_by: r.created_by == null ? 0 : Number(r.created_by),
        creator_name: r.creator_name == null ? null : String(r.creator_name),
        question: String(r.question),
        multiple_choice: Number(r.multiple_choice) ? 1 : 0,
        anonymous: Number(r.anonymous) ? 1 : 0,
        closed: Number(r.closed) ? 1 : 0,
        ends_at: r.ends_at == null ? null : String(r.ends_at),
        created_at: String(r.created_at),
        options: optionsOf.get(id) ?? [],
        total_voters: Number(r.total_voters),
      };
      return mineOf ? { ...poll, my_votes: mineOf.get(id) ?? [] } : poll;
    });
  }
}

function groupBy<T>(rows: Row[], map: (r: Row) => T): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const r of rows) {
    const key = Number(r.poll_id);
    const list = out.get(key) ?? [];
    list.push(map(r));
    out.set(key, list);
  }
  return out;
}
