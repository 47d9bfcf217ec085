import type { InValue } from '@libsql/client';
import type { SearchHit } from '../../protocol/rest/search.ts';
import type { Db } from '../db/client.ts';
import { SEARCH_BODY } from '../db/migrations.ts';
import type { WriteConnection } from '../db/write-connection.ts';
import { rowToMessage } from '../messages/view.ts';
import { type SearchTerms, dayAfter } from './terms.ts';

export interface SearchFilter {
  userId: number;
  terms: SearchTerms | null;
  roomId: number | null;
  senderId: number | null;
  /** Calendar days (UTC), both included. */
  dateFrom: string | null;
  dateTo: string | null;
  fileOnly: boolean;
  limit: number;
  offset: number;
}

/** What the index holds for a message: the file name of a file or image, else its text. */
const BODY = SEARCH_BODY('m');

const HIT_COLUMNS = `m.id, m.room_id, m.sender_id, m.content, m.encrypted, m.message_type, m.file_path, m.file_name,
  m.client_msg_id, m.reply_to, m.created_at, m.edited_at, m.mentions, r.name AS room_name, u.nickname AS sender_name`;

/** Message search over the caller's rooms. With terms: the FTS5 trigram index for the long ones
 * (ranked by bm25, then newest), LIKE for the short ones; plaintext only, never deleted rows.
 * Without terms: the filters alone, newest first. */
export class SearchRepo {
  constructor(
    private readonly db: Db,
    /** The search indexer (indexer.ts): brings the index up to date. */
    private readonly indexer: { catchUp(): Promise<void> },
  ) {}

  async search(f: SearchFilter): Promise<{ hits: SearchHit[]; total: number }> {
    // Every message committed before this search is in the index.
    if (f.terms?.match) await this.indexer.catchUp();
    const where = ['m.room_id IN (SELECT room_id FROM room_members WHERE user_id = ?)', 'm.deleted_at IS NULL'];
    const args: InValue[] = [f.userId];
    if (f.terms) where.push('m.encrypted = 0');
    for (const like of f.terms?.likes ?? []) {
      where.push(`${BODY} LIKE ? ESCAPE '\\'`);
      args.push(like);
    }
    if (f.roomId !== null) (where.push('m.room_id = ?'), args.push(f.roomId));
    if (f.senderId !== null) (where.push('m.sender_id = ?'), args.push(f.senderId));
    if (f.dateFrom !== null) (where.push('m.created_at >= ?'), args.push(f.dateFrom));
    if (f.dateTo !== null) (where.push('m.created_at < ?'), args.push(dayAfter(f.dateTo)));
    if (f.fileOnly) where.push("m.message_type IN ('file', 'image')");

    const match = f.terms?.match ?? null;
    // The matching ids with their score: bm25 is smaller for better matches; 0 without the index.
    const hits = match
      ? { sql: `SELECT f.rowid AS id, bm25(messages_fts) AS score FROM messages_fts f JOIN messages m ON m.id = f.rowid
                WHERE messages_fts MATCH ? AND ${where.join(' AND ')}`, args: [match, ...args] }
      : { sql: `SELECT m.id, 0 AS score FROM messages m WHERE ${where.join(' AND ')}`, args };

    // One pass: the page carries the total of all matches (a window over the whole result).
    const page = await this.db.execute({
      sql: `WITH hits AS (${hits.sql})
            SELECT ${HIT_COLUMNS}, COUNT(*) OVER () AS total FROM hits h JOIN messages m ON m.id = h.id
            LEFT JOIN rooms r ON r.id = m.room_id LEFT JOIN users u ON u.id = m.sender_id
            ORDER BY h.score, m.id DESC LIMIT ? OFFSET ?`,
      args: [...hits.args, f.limit, f.offset],
    });
    let total = Number(page.rows[0]?.total ?? 0);
    // A page past the end has no row to carry the total: count alone.
    if (page.rows.length === 0 && f.offset > 0) {
      const count = await this.db.execute({ sql: `WITH hits AS (${hits.sql}) SELECT COUNT(*) AS n FROM hits`, args: hits.args });
      total = Number(count.rows[0]?.n ?? 0);
    }
    return { hits: page.rows.map(toHit), total };
  }
}

const str = (v: unknown) => (v == null ? null : String(v));

function toHit(r: Record<string, unknown>): SearchHit {
  // Assigned, not spread (see rowToView in messages/view.ts).
  const hit = rowToMessage(r) as SearchHit;
  hit.room_name = str(r.room_name);
  hit.sender_name = str(r.sender_name);
  return hit;
}

/** Rows indexed per transaction. */
const INDEX_BATCH = 500;
// The same oldest ids in both statements: nothing else writes inside the transaction.
const NEXT = `SELECT message_id FROM search_pending ORDER BY message_id LIMIT ${INDEX_BATCH}`;

/** The queue of messages the index still lacks (migration 11), on the writer's connection. */
export class SearchQueue {
  constructor(private readonly conn: WriteConnection) {}

  async pending(): Promise<boolean> {
    const [row] = await this.conn.query({ sql: 'SELECT EXISTS (SELECT 1 FROM search_pending) AS pending' });
    return Number(row?.pending ?? 0) === 1;
  }

  /** Index the oldest queued messages as they are now (plaintext and not deleted) and take them off
   * the queue, in one transaction. */
  async indexNext(): Promise<void> {
    await this.conn.batch([
      {
        sql: `INSERT INTO messages_fts (rowid, body) SELECT m.id, ${BODY} FROM messages m
              WHERE m.id IN (${NEXT}) AND m.encrypted = 0 AND m.deleted_at IS NULL AND ${BODY} IS NOT NULL`,
      },
      { sql: `DELETE FROM search_pending WHERE message_id IN (${NEXT})` },
    ]);
  }
}
