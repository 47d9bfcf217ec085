import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

export interface Asset {
  body: Uint8Array;
  gzip: Uint8Array | null;
  type: string;
  etag: string;
  /** Hashed build output under assets/: cached for a year; everything else revalidates. */
  immutable: boolean;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/** The built client, read into memory once at start (it is small) with a gzip copy of each text
 * file made on first use, so serving it is a map lookup. Works the same on every runtime. */
export function loadAssets(dir: string): Map<string, Asset> {
  return fs.existsSync(path.join(dir, 'index.html')) ? assetsOf(readClientDir(dir)) : new Map();
}

/** The client's files as [path under the folder, bytes], source maps left out. */
export function readClientDir(dir: string): [string, Uint8Array][] {
  const files: [string, Uint8Array][] = [];
  const walk = (sub: string) => {
    for (const entry of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = path.posix.join(sub, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (!entry.name.endsWith('.map')) files.push([rel, new Uint8Array(fs.readFileSync(path.join(dir, rel)))]);
    }
  };
  walk('');
  return files;
}

export function assetsOf(files: Iterable<[string, Uint8Array]>): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const [rel, body] of files) {
    const type = TYPES[path.extname(rel)] ?? 'application/octet-stream';
    const compressible = /^(text\/|application\/(json|manifest))|svg/.test(type) && body.length > 512;
    // Compressed when first asked for, not at start, where it cost every worker 30-40 ms.
    let gzip: Uint8Array | null | undefined = compressible ? undefined : null;
    assets.set(`/${rel}`, {
      body,
      get gzip() {
        if (gzip === undefined) gzip = new Uint8Array(zlib.gzipSync(body, { level: 9 }));
        return gzip;
      },
      type,
      etag: `"${crypto.createHash('sha1').update(body).digest('base64url').slice(0, 16)}"`,
      immutable: rel.startsWith('assets/'),
    });
  }
  return assets;
}
