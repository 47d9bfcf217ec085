/** The schemes a link in a message may have. Anything else (`javascript:`, `data:`, `vbscript:`,
 * `file:`, relative paths) stays text. */
const SCHEMES = new Set(['http:', 'https:', 'mailto:']);

/** The address a link written in a message opens, as the URL parser normalises it (the parser the
 * browser itself uses, so no spelling of a scheme slips past); null when it must not be a link. */
export function linkTarget(href: string): string | null {
  let url: URL;
  try {
    url = new URL(href.trim());
  } catch {
    return null;
  }
  return SCHEMES.has(url.protocol) ? url.href : null;
}
