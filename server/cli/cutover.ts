import { loadConfig } from '../config.ts';
import { type ReleaseOverride, updateSettings, urlSchema, versionSchema } from '../settings/settings-file.ts';
import { compareVersions } from '../system/versions.ts';
import type { Command } from './command.ts';
import { flags, invalid, usageError } from './flags.ts';

export const cutover: Command = {
  name: 'cutover',
  summary: 'switch browsers off (desktop-only) or on (hybrid); a running server applies it within seconds',
  usage: '--mode hybrid|desktop-only [--min-version V] [--latest-version V] [--download-url U] [--notes-url U]',
  async run(args, env) {
    const parsed = flags(this, args, {
      mode: { type: 'string' },
      'min-version': { type: 'string' },
      'latest-version': { type: 'string' },
      'download-url': { type: 'string' },
      'notes-url': { type: 'string' },
    });
    if (!parsed) return 2;
    const v = parsed.values;
    if (v.mode !== 'hybrid' && v.mode !== 'desktop-only') return usageError(this, '--mode must be hybrid or desktop-only');
    const bad =
      invalid(versionSchema, 'min-version', v['min-version']) ??
      invalid(versionSchema, 'latest-version', v['latest-version']) ??
      invalid(urlSchema, 'download-url', v['download-url']) ??
      invalid(urlSchema, 'notes-url', v['notes-url']);
    if (bad) return usageError(this, bad);
    if (v['min-version'] && v['latest-version'] && compareVersions(v['min-version'], v['latest-version']) > 0) {
      return usageError(this, '--min-version is newer than --latest-version');
    }
    const { dataDir } = loadConfig(env);
    const versions: ReleaseOverride = {
      ...(v['min-version'] !== undefined && { min_version: v['min-version'] }),
      ...(v['latest-version'] !== undefined && { latest_version: v['latest-version'] }),
      ...(v['download-url'] !== undefined && { download_url: v['download-url'] }),
      ...(v['notes-url'] !== undefined && { release_notes_url: v['notes-url'] }),
    };
    // A cutover concerns every desktop client, whatever its channel: both channels get the versions.
    const next = updateSettings(dataDir, (s) => ({
      ...s,
      desktop_only_mode: v.mode === 'desktop-only',
      release: {
        stable: { ...s.release?.stable, ...versions },
        canary: { ...s.release?.canary, ...versions },
      },
    }));
    for (const ch of ['stable', 'canary'] as const) {
      const rel = next.release?.[ch];
      if (v['latest-version'] !== undefined && rel?.artifact_signature) {
        process.stdout.write(`warning: the ${ch} channel's signed artifact may be for another version: run release-channel for ${v['latest-version']}, or clients refuse the download\n`);
      }
    }
    process.stdout.write(`cutover: ${v.mode} written to ${dataDir}/settings.json (a running server applies it within 3 s)\n`);
    process.stdout.write(`${JSON.stringify(next.release?.stable ?? {})}\n`);
    return 0;
  },
};
