import Database from 'libsql';

/** @libsql/client prepares every statement again on every execute (`db.prepare(sql)` in its file
 * driver), and preparing is most of a small query's cost: 45 µs of a one-row lookup, 55–95 µs for
 * the history page's JSON query, measured. No option turns a cache on, so each `libsql` connection
 * keeps its recent statements here, keyed by SQL text (the client binds arguments afresh each time,
 * and SQLite re-prepares a statement by itself after a schema change). Bounded, least recently used
 * dropped first, because some SQL is built with a varying number of placeholders. */
const MAX_PER_CONNECTION = 256;
const CACHE = Symbol('statementCache');

type Statement = ReturnType<Database.Database['prepare']>;
type Prepare = (this: Database.Database, sql: string) => Statement;
type WithCache = Database.Database & { [CACHE]?: Map<string, Statement> };

let installed = false;

export function cacheStatements(): void {
  if (installed) return;
  installed = true;
  const proto = Database.prototype as unknown as { prepare: Prepare };
  const prepare = proto.prepare;
  proto.prepare = function (this: WithCache, sql: string) {
    const cache = (this[CACHE] ??= new Map());
    const hit = cache.get(sql);
    if (hit) {
      cache.delete(sql);
      cache.set(sql, hit);
      return hit;
    }
    const stmt = prepare.call(this, sql);
    // The client asks a statement for its columns twice on every execute; they are fixed once it
    // is prepared, because the app changes no schema after its migrations ran (at open, before
    // any query but schema_migrations'). Measured at 4 % of a cached history page's CPU.
    const columns = stmt.columns.bind(stmt);
    let known: ReturnType<typeof columns> | undefined;
    stmt.columns = () => (known ??= columns());
    if (cache.size >= MAX_PER_CONNECTION) cache.delete(cache.keys().next().value!);
    cache.set(sql, stmt);
    return stmt;
  };
}
