/** A short "Chrome on Windows" from a user agent, so two "Web Browser" sessions can be told apart;
 * null when nothing is recognised. Order matters: Edge and Chrome UAs also name Safari. */
export function browserLabel(userAgent: string | null): string | null {
  if (!userAgent) return null;
  const browser = [
    ['Edg/', 'Edge'],
    ['Firefox/', 'Firefox'],
    ['Chrome/', 'Chrome'],
    ['Safari/', 'Safari'],
  ].find(([needle]) => userAgent.includes(needle!))?.[1];
  const os = [
    ['Windows', 'Windows'],
    ['Android', 'Android'],
    ['iPhone', 'iOS'],
    ['iPad', 'iOS'],
    ['Mac OS', 'macOS'],
    ['Linux', 'Linux'],
  ].find(([needle]) => userAgent.includes(needle!))?.[1];
  if (browser && os) return `${browser} · ${os}`;
  return browser ?? os ?? null;
}
