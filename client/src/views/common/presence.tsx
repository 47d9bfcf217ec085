import { signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { locale, t } from '../../i18n/index.ts';
import { timeAgo } from '../time-format.ts';

/** What presence the views show: live status, and when an offline user was last seen. */
export interface PresenceInfo {
  status: 'online' | 'offline';
  last_seen_at: string | null;
}

/** "Online", "Last seen 5 minutes ago", "Last seen just now", or "Offline" when the time is unknown. */
export function presenceText(p: PresenceInfo, now = new Date()): string {
  if (p.status === 'online') return t('presence.online');
  if (!p.last_seen_at) return t('presence.offline');
  const when = timeAgo(p.last_seen_at, locale.value, now);
  return when === null ? t('presence.just_now') : t('presence.last_seen', { when });
}

/** One clock for every "Last seen …" on screen, ticking while any is shown. */
const clock = signal(Date.now());
let watchers = 0;
let timer: ReturnType<typeof setInterval> | undefined;

/** The presence text of `p`, kept current as minutes pass. */
export function usePresenceText(p: PresenceInfo): string {
  useEffect(() => {
    if (watchers++ === 0) timer = setInterval(() => (clock.value = Date.now()), 30_000);
    return () => {
      if (--watchers === 0) clearInterval(timer);
    };
  }, []);
  void clock.value; // re-render on each tick; the time itself is read fresh
  return presenceText(p);
}

/** A dot on an avatar: green when online, a grey ring when not. Its text is its accessible name,
 * unless `decorative` (the same text is visible beside it). */
export function PresenceDot({ presence, testId, decorative }: { presence: PresenceInfo; testId?: string; decorative?: boolean }) {
  const text = usePresenceText(presence);
  const cls = `presence-dot ${presence.status}`;
  if (decorative) return <span class={cls} aria-hidden="true" data-status={presence.status} />;
  return <span class={cls} role="img" aria-label={text} title={text} data-testid={testId} data-status={presence.status} />;
}
