/** Every stored and wire timestamp is UTC ISO-8601 with milliseconds, e.g. 2026-11-26T03:59:58.123Z. */
export function nowIso(): string {
  return new Date().toISOString();
}

export function isoIn(ms: number, from = Date.now()): string {
  return new Date(from + ms).toISOString();
}

export const DAY_MS = 86_400_000;

/** SQL expression for "now" in the same format, for column defaults. */
export const SQL_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ','now')";
