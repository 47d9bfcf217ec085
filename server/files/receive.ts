import type { ErrorCode } from '../../protocol/errors/index.ts';
import { ApiError } from '../http/api-error.ts';
import type { Ctx } from '../http/route.ts';
import { NotMultipart, type Received, receiveMultipart } from './multipart.ts';
import type { Scanner } from './scan.ts';
import type { UploadStorage } from './storage.ts';
import { contentMatches, extensionOf } from './types.ts';

/** One validation path for every upload (room files and profile images): size (Content-Length
 * first, then while streaming), name, extension allow-list, emptiness, magic bytes, the scan
 * hook. What passes is a temporary file the caller keeps (storage.keep) or drops. */

export interface UploadPolicy {
  maxBytes: number;
  extensions: readonly string[];
  tooLarge: ErrorCode;
  notAllowed: ErrorCode;
  mismatch: ErrorCode;
  /** A form field the upload needs (room_id): checked as soon as it is known — from the query
   * string before the body is read at all, from a field before the file is stored when it comes
   * first, else once the body is read. A field that contradicts the query is refused. */
  field?: { name: string; check(value: string | undefined): Promise<ErrorCode | null> };
}

export interface AcceptedUpload {
  tempPath: string;
  fileName: string;
  ext: string;
  size: number;
}

/** Multipart framing around the file: boundaries, part headers, a room_id field. */
const MULTIPART_SLACK = 64 * 1024;

export async function receiveUpload(c: Ctx, storage: UploadStorage, scan: Scanner | null, policy: UploadPolicy): Promise<AcceptedUpload> {
  const declared = Number(c.req.header('content-length'));
  if (Number.isFinite(declared) && declared > policy.maxBytes + MULTIPART_SLACK) throw new ApiError(policy.tooLarge);

  let fieldVerdict: ErrorCode | null | undefined; // undefined: not checked yet
  const fromQuery = policy.field ? c.req.query(policy.field.name) : undefined;
  if (policy.field && fromQuery !== undefined) {
    // Refused before a byte of the body is read (Node discards the unread body after the answer).
    fieldVerdict = await policy.field.check(fromQuery);
    if (fieldVerdict) throw new ApiError(fieldVerdict);
  }
  let received: Received;
  try {
    received = await receiveMultipart({
      contentType: c.req.header('content-type') ?? '',
      // On Node the IncomingMessage itself (nothing has read it: the body limit skips uploads).
      body: c.env?.incoming ?? c.req.raw.body,
      maxFileBytes: policy.maxBytes,
      fileField: 'file',
      tempPath: () => storage.tempPath(),
      async beforeFile(fields, fileName) {
        if (policy.field && fields.has(policy.field.name)) {
          const value = fields.get(policy.field.name);
          if (fromQuery !== undefined) {
            if (value !== fromQuery) return (fieldVerdict = 'UPLOAD_ROOM_ID_REQUIRED');
          } else {
            fieldVerdict = await policy.field.check(value);
            if (fieldVerdict) return fieldVerdict;
          }
        }
        if (!fileName) return 'UPLOAD_FILE_NOT_SELECTED';
        if (!policy.extensions.includes(extensionOf(fileName))) return policy.notAllowed;
        return null;
      },
    });
  } catch (err) {
    if (err instanceof NotMultipart) throw new ApiError(policy.field ? 'UPLOAD_ROOM_ID_REQUIRED' : 'UPLOAD_FILE_MISSING');
    throw err;
  }

  const { file } = received;
  const fail = async (code: ErrorCode): Promise<never> => {
    await storage.removeTemp(file?.tempPath);
    throw new ApiError(code);
  };
  const late = policy.field ? received.fields.get(policy.field.name) : undefined;
  if (policy.field && fieldVerdict === undefined) fieldVerdict = await policy.field.check(late);
  else if (fromQuery !== undefined && late !== undefined && late !== fromQuery) fieldVerdict = 'UPLOAD_ROOM_ID_REQUIRED';
  if (fieldVerdict) return fail(fieldVerdict);
  if (!file) return fail('UPLOAD_FILE_MISSING');
  if (file.refused) return fail(file.refused);
  if (file.truncated) return fail(policy.tooLarge);
  if (file.size === 0 || !file.tempPath) return fail('UPLOAD_FILE_EMPTY');
  const ext = extensionOf(file.fileName);
  if (!(await contentMatches(file.tempPath, ext))) return fail(policy.mismatch);
  if (scan) {
    const verdict = await scan(file.tempPath);
    if (verdict === 'blocked') return fail('UPLOAD_SCAN_BLOCKED');
    if (verdict === 'unavailable') return fail('UPLOAD_SCAN_PROVIDER_MISSING');
  }
  return { tempPath: file.tempPath, fileName: file.fileName, ext, size: file.size };
}
