import fs from 'node:fs';
import type { Config, ReleaseConfig } from '../config.ts';
import type { Logger } from '../logger.ts';
import { type ReleaseOverride, type Settings, readSettings, settingsPath } from './settings-file.ts';

type Live = Pick<Config, 'desktopOnlyMode' | 'release'>;

function overlay(base: ReleaseConfig, o: ReleaseOverride | undefined): ReleaseConfig {
  if (!o) return base;
  return {
    minVersion: o.min_version ?? base.minVersion,
    latestVersion: o.latest_version ?? base.latestVersion,
    downloadUrl: o.download_url ?? base.downloadUrl,
    releaseNotesUrl: o.release_notes_url ?? base.releaseNotesUrl,
    artifactSha256: o.artifact_sha256 ?? base.artifactSha256,
    artifactSignature: o.artifact_signature ?? base.artifactSignature,
    signatureAlg: o.signature_alg ?? base.signatureAlg,
  };
}

/** Keeps `config.desktopOnlyMode` and `config.release` equal to the environment overlaid with
 * DATA_DIR/settings.json. Routes read those fields per request, so a change written by `cutover`
 * or `release-channel` takes effect without a restart and without touching a socket. The file's
 * identity (mtime, size, inode) is polled every second: one stat, no watcher quirks. */
export class LiveSettings {
  private readonly base: { desktopOnlyMode: boolean; release: Config['release'] };
  private seen = '';
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly config: Live & Pick<Config, 'dataDir'>,
    private readonly logger: Logger,
    private readonly pollMs = 1000,
  ) {
    this.base = { desktopOnlyMode: config.desktopOnlyMode, release: structuredClone(config.release) };
  }

  /** Apply the file as it is now. A broken file keeps the last good settings (and says why). */
  reload(): void {
    const stamp = this.stamp();
    if (stamp === this.seen) return;
    this.seen = stamp;
    let settings: Settings;
    try {
      settings = readSettings(this.config.dataDir);
    } catch (err) {
      this.logger.error('settings file ignored', { error: (err as Error).message });
      return;
    }
    this.apply(settings);
    this.logger.info('settings applied', {
      desktop_only_mode: this.config.desktopOnlyMode,
      stable: { min: this.config.release.stable.minVersion, latest: this.config.release.stable.latestVersion },
      canary: { min: this.config.release.canary.minVersion, latest: this.config.release.canary.latestVersion },
    });
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.reload(), this.pollMs);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private apply(s: Settings): void {
    this.config.desktopOnlyMode = s.desktop_only_mode ?? this.base.desktopOnlyMode;
    this.config.release = {
      defaultChannel: this.base.release.defaultChannel,
      stable: overlay(this.base.release.stable, s.release?.stable),
      canary: overlay(this.base.release.canary, s.release?.canary),
    };
  }

  private stamp(): string {
    try {
      const st = fs.statSync(settingsPath(this.config.dataDir));
      return `${st.mtimeMs}:${st.size}:${st.ino}`;
    } catch {
      return 'absent';
    }
  }
}
