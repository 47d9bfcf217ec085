import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** DATA_DIR/settings.json: what the operator commands `cutover` and `release-channel` write, and a
 * running server applies over its environment within seconds (server/settings/live-settings.ts).
 * Every field is optional: what is absent comes from the environment. */
export const SETTINGS_FILE = 'settings.json';

const version = z.string().trim().regex(/^\d+(\.\d+){0,2}([-+][0-9A-Za-z.+-]*)?$/, 'expected a version like 1.2.3');
const url = z.union([z.literal(''), z.url({ protocol: /^https?$/ })]);

const releaseOverride = z
  .object({
    min_version: version,
    latest_version: version,
    download_url: url,
    release_notes_url: url,
    artifact_sha256: z.union([z.literal(''), z.string().regex(/^[0-9a-f]{64}$/)]),
    artifact_signature: z.string().max(200),
    signature_alg: z.string().max(32),
  })
  .partial()
  .strict();

export const settingsSchema = z
  .object({
    desktop_only_mode: z.boolean().optional(),
    release: z.object({ stable: releaseOverride.optional(), canary: releaseOverride.optional() }).strict().optional(),
    updated_at: z.string().optional(),
  })
  .strict();
export type Settings = z.infer<typeof settingsSchema>;
export type ReleaseOverride = z.infer<typeof releaseOverride>;
export { version as versionSchema, url as urlSchema };

export const settingsPath = (dataDir: string) => path.join(dataDir, SETTINGS_FILE);

/** The file's settings; {} when there is none. A file that does not parse throws (naming it). */
export function readSettings(dataDir: string): Settings {
  const file = settingsPath(dataDir);
  let raw: string;
  try {
    raw = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw err;
  }
  const parsed = settingsSchema.safeParse(JSON.parse(raw));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/** Read, change and write back atomically (a temporary file renamed over): a server polling the
 * file never sees half of it. */
export function updateSettings(dataDir: string, change: (s: Settings) => Settings): Settings {
  const next = settingsSchema.parse({ ...change(readSettings(dataDir)), updated_at: new Date().toISOString() });
  fs.mkdirSync(dataDir, { recursive: true });
  const file = settingsPath(dataDir);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o644 });
  fs.renameSync(tmp, file);
  return next;
}
