import fs from 'node:fs';
import { RELEASE_SIGNATURE_ALG, releaseStatement } from '../../protocol/release-signature.ts';
import { hashFile } from '../backup/manifest.ts';
import { loadConfig } from '../config.ts';
import { loadOrCreateSigningKey } from '../release/signing-key.ts';
import { updateSettings, urlSchema, versionSchema } from '../settings/settings-file.ts';
import type { Command } from './command.ts';
import { flags, invalid, usageError } from './flags.ts';

export const releaseChannel: Command = {
  name: 'release-channel',
  summary: "publish a desktop release on a channel: the artifact's SHA-256, signed with Ed25519 (key in DATA_DIR)",
  usage: '--channel stable|canary --version V --artifact <file> [--download-url U] [--notes-url U] [--min-version V]',
  async run(args, env) {
    const parsed = flags(this, args, {
      channel: { type: 'string' },
      version: { type: 'string' },
      artifact: { type: 'string' },
      'download-url': { type: 'string' },
      'notes-url': { type: 'string' },
      'min-version': { type: 'string' },
    });
    if (!parsed) return 2;
    const v = parsed.values;
    if (v.channel !== 'stable' && v.channel !== 'canary') return usageError(this, '--channel must be stable or canary');
    if (!v.version) return usageError(this, '--version is required');
    if (!v.artifact) return usageError(this, '--artifact is required');
    const bad =
      invalid(versionSchema, 'version', v.version) ??
      invalid(versionSchema, 'min-version', v['min-version']) ??
      invalid(urlSchema, 'download-url', v['download-url']) ??
      invalid(urlSchema, 'notes-url', v['notes-url']);
    if (bad) return usageError(this, bad);
    if (!fs.existsSync(v.artifact) || !fs.statSync(v.artifact).isFile()) return usageError(this, `--artifact: no file at ${v.artifact}`);

    const { dataDir } = loadConfig(env);
    const { sha256 } = await hashFile(v.artifact);
    const { key, created } = loadOrCreateSigningKey(dataDir);
    const signature = key.sign(releaseStatement(v.version, sha256));
    const channel = v.channel;
    updateSettings(dataDir, (s) => ({
      ...s,
      release: {
        ...s.release,
        [channel]: {
          ...s.release?.[channel],
          latest_version: v.version,
          artifact_sha256: sha256,
          artifact_signature: signature,
          signature_alg: RELEASE_SIGNATURE_ALG,
          ...(v['download-url'] !== undefined && { download_url: v['download-url'] }),
          ...(v['notes-url'] !== undefined && { release_notes_url: v['notes-url'] }),
          ...(v['min-version'] !== undefined && { min_version: v['min-version'] }),
        },
      },
    }));
    if (created) process.stdout.write(`created the release signing key ${dataDir}/release-signing-key.json (back it up; clients trust only this key)\n`);
    process.stdout.write(`${channel} ${v.version}: sha256 ${sha256}\nsignature ${signature}\npublic key ${key.publicKey}\n`);
    return 0;
  },
};
