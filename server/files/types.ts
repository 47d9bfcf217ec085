import fs from 'node:fs';

/** Per allow-listed extension (protocol/rest/files.ts): the Content-Type it is served with and
 * what its bytes must be. `magic` lists the `file-type` results accepted (magic bytes: a `.png`
 * that is not a PNG is refused); `text` means file-type finds nothing and the first 8 KiB hold no
 * NUL byte (origin rule for .txt), plus `marker` for SVG (origin: must contain `<svg`). */
interface TypeRule {
  mime: string;
  magic?: readonly string[];
  text?: boolean;
  marker?: string;
}

const ooxml = (kind: string) => [kind, 'zip'] as const;

export const typeRules: Record<string, TypeRule> = {
  png: { mime: 'image/png', magic: ['png', 'apng'] },
  jpg: { mime: 'image/jpeg', magic: ['jpg'] },
  jpeg: { mime: 'image/jpeg', magic: ['jpg'] },
  gif: { mime: 'image/gif', magic: ['gif'] },
  webp: { mime: 'image/webp', magic: ['webp'] },
  bmp: { mime: 'image/bmp', magic: ['bmp'] },
  ico: { mime: 'image/x-icon', magic: ['ico', 'cur'] },
  tif: { mime: 'image/tiff', magic: ['tif'] },
  tiff: { mime: 'image/tiff', magic: ['tif'] },
  heic: { mime: 'image/heic', magic: ['heic', 'avif'] },
  heif: { mime: 'image/heif', magic: ['heic', 'avif'] },
  svg: { mime: 'image/svg+xml', magic: ['xml'], text: true, marker: '<svg' },
  pdf: { mime: 'application/pdf', magic: ['pdf'] },
  doc: { mime: 'application/msword', magic: ['cfb'] },
  xls: { mime: 'application/vnd.ms-excel', magic: ['cfb'] },
  docx: { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', magic: ooxml('docx') },
  xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', magic: ooxml('xlsx') },
  txt: { mime: 'text/plain; charset=utf-8', magic: ['xml'], text: true },
  zip: { mime: 'application/zip', magic: ['zip'] },
  rar: { mime: 'application/vnd.rar', magic: ['rar'] },
  '7z': { mime: 'application/x-7z-compressed', magic: ['7z'] },
};

export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? '' : fileName.slice(dot + 1).toLowerCase();
}

export function mimeOf(ext: string): string {
  return typeRules[ext]?.mime ?? 'application/octet-stream';
}

/** Whether the stored file's bytes are what its extension says. */
export async function contentMatches(absPath: string, ext: string): Promise<boolean> {
  const rule = typeRules[ext];
  if (!rule) return false;
  // Loaded at the first upload, not at start (memory: docs/operations.md).
  const { fileTypeFromFile } = await import('file-type');
  const detected = await fileTypeFromFile(absPath).catch(() => undefined);
  if (detected) return rule.magic?.includes(detected.ext) ?? false;
  if (!rule.text) return false;
  const head = await readHead(absPath, 8192);
  if (head.includes(0)) return false;
  return !rule.marker || head.toString('utf8').toLowerCase().includes(rule.marker);
}

async function readHead(absPath: string, n: number): Promise<Buffer> {
  const fh = await fs.promises.open(absPath, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}
