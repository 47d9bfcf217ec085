import { Hono } from 'hono';
import type { AdvancedSearch, AdvancedSearchResponse } from '../../protocol/rest/search.ts';
import { codePointLength } from '../../protocol/text-length.ts';
import { failureAs } from '../http/api-error.ts';
import type { AppEnv } from '../http/env.ts';
import { route } from '../http/route.ts';
import type { Logger } from '../logger.ts';
import type { Limit } from '../ratelimit/middleware.ts';
import type { SearchRepo } from './repo.ts';
import { searchTerms } from './terms.ts';

export interface SearchRouteDeps {
  search: SearchRepo;
  limit: Limit;
  logger: Logger;
}

/** The origin's note on every answer to a text query. */
const ENCRYPTED_NOTE = '암호화된 메시지는 서버 검색에서 제외됩니다.';

/** GET /api/search (the hits only, as the origin) and POST /api/search/advanced (paged), both
 * limited by the 'search' rule (30/minute by default). A query under 2 characters, or no query
 * and no filter, finds nothing (origin). */
export function searchRoutes(deps: SearchRouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const orFail = failureAs(deps.logger, 'search');

  async function run(userId: number, s: AdvancedSearch): Promise<AdvancedSearchResponse> {
    const query = s.query ?? '';
    const nothing = query ? codePointLength(query) < 2 : !s.date_from && !s.date_to && !s.file_only && s.room_id === null && s.sender_id === null;
    const paging = { offset: s.offset, limit: s.limit, ...(query ? { note: ENCRYPTED_NOTE } : {}) };
    if (nothing) return { messages: [], total: 0, has_more: false, ...paging };
    const { hits, total } = await deps.search.search({
      userId,
      terms: query ? searchTerms(query) : null,
      roomId: s.room_id,
      senderId: s.sender_id,
      dateFrom: s.date_from,
      dateTo: s.date_to,
      fileOnly: s.file_only,
      limit: s.limit,
      offset: s.offset,
    });
    return { messages: hits, total, has_more: s.offset + hits.length < total, ...paging };
  }

  route(app, 'GET /api/search', deps.limit('search'), async (c, { auth, query }) => {
    const q = query();
    const s: AdvancedSearch = { ...q, query: q.q || null, room_id: q.room_id ?? null, sender_id: null };
    // The GET form needs a query, a date or file_only (a room alone is not a search, as the origin).
    if (!s.query && !s.date_from && !s.date_to && !s.file_only) return [];
    return (await orFail(c, 'SEARCH_FAILED', () => run(auth.userId, s))).messages;
  });

  route(app, 'POST /api/search/advanced', deps.limit('search'), async (c, { auth, body }) => {
    const s = await body();
    return orFail(c, 'SEARCH_FAILED', () => run(auth.userId, s));
  });

  return app;
}
