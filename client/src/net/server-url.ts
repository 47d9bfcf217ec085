/** A server address as the app keeps it: http(s), a host, maybe a port and a path, no trailing
 * slash (paths are appended to it); null when `input` is not one. No scheme is guessed: whether
 * the server speaks https is not ours to assume. */
export function normalizeServerUrl(input: string): string | null {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (!url.hostname || url.username || url.password || url.search || url.hash) return null;
  return url.origin + url.pathname.replace(/\/+$/, '');
}
