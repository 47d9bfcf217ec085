import { useEffect, useState } from 'preact/hooks';
import { useServices } from '../context.ts';

/** What an <img> shows for a file: the bytes on this machine when there are some (my own upload:
 * no download), else the member-only file (see FileAccess). `failed` once it cannot be had. */
export function useFileSrc(path: string | null, local: Blob | null = null): { src: string | null; failed: boolean } {
  const { files } = useServices();
  const [state, setState] = useState<{ src: string | null; failed: boolean }>({ src: null, failed: false });
  useEffect(() => {
    if (local) {
      const url = URL.createObjectURL(local);
      setState({ src: url, failed: false });
      return () => URL.revokeObjectURL(url);
    }
    if (!path) return setState({ src: null, failed: false });
    let live = true;
    files.src(path).then(
      (src) => live && setState({ src, failed: false }),
      () => live && setState({ src: null, failed: true }),
    );
    return () => {
      live = false;
    };
  }, [path, local]);
  return state;
}

/** 1.2 KB, 3.4 MB: units the same in every language. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let n = bytes / 1024;
  let u = 0;
  while (n >= 1024 && u < units.length - 1) {
    n /= 1024;
    u++;
  }
  return `${n < 10 ? n.toFixed(1) : Math.round(n)} ${units[u]}`;
}
