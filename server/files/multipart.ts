import fs from 'node:fs';
import { Readable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { Busboy as BusboyFactory } from '@fastify/busboy';
import type { ErrorCode } from '../../protocol/errors/index.ts';

/** Streaming multipart (busboy): the file part goes straight to a temporary file through a
 * bounded stream pipeline, never into memory whole (Hono's parseBody would buffer it). Fields are
 * read in stream order, so a field sent before the file (room_id) is known when the file starts. */

export interface ReceivedFile {
  /** As the client named it (basename only), control characters removed. */
  fileName: string;
  /** The temporary file, or null when the part was refused before storing it. */
  tempPath: string | null;
  size: number;
  /** More than maxFileBytes came: what was stored is cut short (answer 413). */
  truncated: boolean;
  /** Why the part was discarded unread (beforeFile said so). */
  refused: ErrorCode | null;
}

export interface Received {
  fields: Map<string, string>;
  file: ReceivedFile | null;
}

export interface ReceiveOptions {
  contentType: string;
  /** The request body: Node's own request stream when there is one (fewer copies), else the web stream. */
  body: Readable | ReadableStream<Uint8Array> | null;
  maxFileBytes: number;
  fileField: string;
  tempPath(): string;
  /** Called as the file part starts, with the fields sent before it: an error code to discard the
   * part without storing a byte (the rest of the body is still read, so the answer is clean). */
  beforeFile(fields: ReadonlyMap<string, string>, fileName: string): Promise<ErrorCode | null>;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/g;

/** Reads the whole body. Throws UPLOAD_FILE_MISSING-worthy errors as `null` results are not
 * possible: a body that is not multipart rejects with `NotMultipart`. */
export class NotMultipart extends Error {}

export async function receiveMultipart(opts: ReceiveOptions): Promise<Received> {
  if (!/^multipart\/form-data\b/i.test(opts.contentType) || !opts.body) throw new NotMultipart();
  // Loaded at the first upload, not at start (memory: docs/operations.md).
  const { Busboy } = await import('@fastify/busboy');
  let bb: ReturnType<typeof BusboyFactory>;
  try {
    bb = Busboy({
      headers: { 'content-type': opts.contentType },
      limits: { files: 1, fields: 10, parts: 20, fieldSize: 4096, fileSize: opts.maxFileBytes },
      defCharset: 'utf8',
    });
  } catch {
    throw new NotMultipart();
  }
  const fields = new Map<string, string>();
  let file: ReceivedFile | null = null;
  let storing: Promise<void> = Promise.resolve();

  bb.on('field', (name, value) => {
    if (!fields.has(name)) fields.set(name, value);
  });
  bb.on('file', (name, stream, rawName) => {
    if (name !== opts.fileField || file) {
      stream.resume();
      return;
    }
    const f: ReceivedFile = { fileName: (rawName ?? '').replace(CONTROL, ''), tempPath: null, size: 0, truncated: false, refused: null };
    file = f;
    storing = (async () => {
      f.refused = await opts.beforeFile(new Map(fields), f.fileName);
      if (f.refused) {
        stream.resume();
        await finished(stream);
        return;
      }
      f.tempPath = opts.tempPath();
      await pipeline(stream, fs.createWriteStream(f.tempPath, { flags: 'wx' }));
      f.truncated = stream.truncated;
      f.size = (await fs.promises.stat(f.tempPath)).size;
    })();
    // A failed write must not leave the parser waiting on a part nobody reads.
    storing.catch((err: Error) => bb.destroy(err));
  });

  try {
    const source = opts.body instanceof Readable ? opts.body : Readable.fromWeb(opts.body as WebReadableStream<Uint8Array>);
    await pipeline(source, bb);
    await storing;
  } catch (err) {
    const tmp = (file as ReceivedFile | null)?.tempPath;
    if (tmp) await fs.promises.rm(tmp, { force: true });
    throw err;
  }
  return { fields, file };
}
