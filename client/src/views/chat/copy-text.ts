/** Put text on the clipboard. The async API needs a secure context, which an intranet server
 * over plain HTTP is not: then a hidden textarea and execCommand, which works everywhere. */
export async function copyText(text: string): Promise<void> {
  if (window.isSecureContext && navigator.clipboard) {
    try {
      return await navigator.clipboard.writeText(text);
    } catch {
      // Denied (no focus, no permission): the fallback below.
    }
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  try {
    document.execCommand('copy');
  } finally {
    area.remove();
  }
}
