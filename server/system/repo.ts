import type { Db } from '../db/client.ts';

/** The database as health sees it: a round trip, timed by the caller. */
export class SystemRepo {
  constructor(private readonly db: Db) {}

  async ping(): Promise<void> {
    await this.db.execute('SELECT 1');
  }
}
