import sharp from 'sharp';
import type { Socket } from 'socket.io-client';
import { expect } from 'vitest';
import { uploadResponseSchema, type UploadResponse } from '../../protocol/rest/files.ts';
import type { JsonResponse } from '../helpers/http.ts';
import { emitAck } from '../helpers/socket.ts';
import type { User } from '../messages/fixture.ts';

/** Uploads for the files suites: real multipart over fetch (FormData keeps append order, so
 * `order` decides whether room_id comes before the file), real images made with sharp. */

export interface UploadOptions {
  room?: number | string | null;
  order?: 'room-first' | 'file-first';
  token?: string;
  path?: string;
}

export async function upload(base: string, u: User | null, name: string, bytes: Uint8Array | string, opts: UploadOptions = {}): Promise<JsonResponse> {
  const form = new FormData();
  const addRoom = () => {
    if (opts.room !== null && opts.room !== undefined) form.append('room_id', String(opts.room));
  };
  const addFile = () => form.append('file', new Blob([(typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes) as Uint8Array<ArrayBuffer>]), name);
  if (opts.order === 'file-first') {
    addFile();
    addRoom();
  } else {
    addRoom();
    addFile();
  }
  const token = opts.token ?? u?.accessToken;
  const res = await fetch(base + (opts.path ?? '/api/upload'), { method: 'POST', body: form, headers: token ? { authorization: `Bearer ${token}` } : {} });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: the test says so
  }
  return { status: res.status, headers: res.headers, body };
}

/** An upload expected to succeed: the parsed answer. */
export async function uploadOk(base: string, u: User, room: number, name: string, bytes: Uint8Array | string): Promise<UploadResponse> {
  const res = await upload(base, u, name, bytes, { room });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return uploadResponseSchema.parse(res.body);
}

export async function png(width: number, height: number, color = '#3366cc'): Promise<Uint8Array> {
  return new Uint8Array(await sharp({ create: { width, height, channels: 3, background: color } }).png().toBuffer());
}

export async function jpeg(width: number, height: number): Promise<Uint8Array> {
  return new Uint8Array(await sharp({ create: { width, height, channels: 3, background: '#cc6633' } }).jpeg().toBuffer());
}

export const PDF = '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n';

let seq = 0;
export async function sendFile(socket: Socket, room: number, up: { upload_token: string; file_type: string }, clientMsgId = `cm-${Date.now()}-${++seq}`) {
  return emitAck(socket, 'send_message', { room_id: room, type: up.file_type, content: '', upload_token: up.upload_token, client_msg_id: clientMsgId });
}

export async function download(base: string, path: string, token: string | null, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}/uploads/${path}`, { headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) } });
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, bytes, json: () => JSON.parse(new TextDecoder().decode(bytes)) };
}
