import path from 'node:path';
import type { Config } from '../config.ts';

/** Where a deployment keeps what a backup holds: the database file, the data dir's files and the
 * uploads folder (which may live outside the data dir). */
export interface DataLocations {
  dataDir: string;
  databaseFile: string;
  uploadDir: string;
}

export class LocationError extends Error {}

export function dataLocations(config: Pick<Config, 'dataDir' | 'databaseUrl' | 'uploadDir'>): DataLocations {
  if (!config.databaseUrl.startsWith('file:')) {
    // sqld keeps its own data: back it up with sqld's snapshots (docs/operations.md).
    throw new LocationError(`backups cover a file database; DATABASE_URL is ${config.databaseUrl.replace(/\?.*$/, '')}`);
  }
  const file = config.databaseUrl.slice('file:'.length).split('?')[0]!;
  return { dataDir: config.dataDir, databaseFile: path.resolve(file), uploadDir: config.uploadDir };
}
