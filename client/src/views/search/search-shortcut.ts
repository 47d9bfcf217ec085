import { useEffect } from 'preact/hooks';
import { searchOpen } from './search-open.ts';

const MAC = /Mac|iPhone|iPad/.test(navigator.platform);

/** Ctrl+F (⌘F) opens the message search instead of the page's find: the message list is
 * windowed, so the page's find could not see most messages anyway. Never behind a modal. */
export function useSearchShortcut(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(MAC ? e.metaKey : e.ctrlKey) || e.shiftKey || e.altKey || e.key.toLowerCase() !== 'f') return;
      if (document.querySelector('[aria-modal="true"]')) return;
      e.preventDefault();
      searchOpen.value = true;
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
