// File messages through the send pipeline: upload (progress, cancel), then send_message with the
// token; offline and refused tokens lead to a new upload, never to a silent loss. The socket and
// the upload transport are stand-ins here (the server half is tested against the real server).
import { signal } from '@preact/signals';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SendMessageAck, SendMessagePayload } from '../../../protocol/events.ts';
import { MAX_UPLOAD_BYTES, UPLOAD_TOKEN_TTL_SECONDS } from '../../../protocol/file-rules.ts';
import { Uploads } from '../files/uploads.ts';
import { t } from '../i18n/index.ts';
import { Api, ApiError } from '../net/api.ts';
import { UploadAborted, type UploadRequest } from '../net/upload.ts';
import { Outbox, memoryKV } from './outbox.ts';
import { RoomCrypto } from './room-crypto.ts';
import { Sender } from './send-pipeline.ts';

interface PendingUpload {
  req: UploadRequest;
  resolve(v: unknown): void;
  reject(e: unknown): void;
}

function rig(opts: { kv?: ReturnType<typeof memoryKV> } = {}) {
  const status = signal<'connected' | 'disconnected'>('connected');
  const sent: SendMessagePayload[] = [];
  let answer: (p: SendMessagePayload) => SendMessageAck = () => ({ ok: true, message_id: 100 + sent.length });
  const realtime = {
    status,
    emitAck: vi.fn(async (_event: string, payload: SendMessagePayload) => {
      if (status.value !== 'connected') throw new Error('not connected');
      sent.push(payload);
      return answer(payload);
    }),
  };
  const uploads: PendingUpload[] = [];
  let tokens = 0;
  const transport = <T,>(_api: Api, req: UploadRequest) =>
    new Promise<T>((resolve, reject) => {
      const entry: PendingUpload = { req, resolve: resolve as (v: unknown) => void, reject };
      uploads.push(entry);
      req.signal?.addEventListener('abort', () => reject(new UploadAborted()));
    });
  const store = new Uploads(new Api('http://s'), transport);
  const sender = new Sender({
    realtime: realtime as never,
    crypto: new RoomCrypto(async () => ({ encryption_key: null })),
    uploads: store,
    timing: { baseDelayMs: 5, maxDelayMs: 5, ackTimeoutMs: 1000 },
  });
  const kv = opts.kv ?? memoryKV();
  const outbox = new Outbox(kv, { serverUrl: 'http://s', userId: 1 });
  /** The latest upload answers with a fresh token. */
  const finish = (i = uploads.length - 1, type: 'file' | 'image' = 'image') => {
    const u = uploads[i]!;
    u.req.onProgress?.({ loaded: u.req.file.size, total: u.req.file.size });
    tokens++;
    u.resolve({ success: true, file_path: `p${tokens}_${u.req.fileName}`, file_name: u.req.fileName, file_type: type, upload_token: `token-${tokens}` });
  };
  return {
    sender,
    store,
    status,
    sent,
    uploads,
    finish,
    kv,
    outbox,
    answerWith: (f: typeof answer) => (answer = f),
    start: () => sender.start(outbox),
  };
}

const png = (bytes = 2048) => new Blob([new Uint8Array(bytes)], { type: 'image/png' });
const until = (check: () => void) => vi.waitFor(check, { timeout: 2000, interval: 2 });

afterEach(() => vi.useRealTimers());

describe('file messages in the send pipeline', () => {
  it('shows the bubble with the local file at once, uploads with progress, then sends the token (room_id first)', async () => {
    const r = rig();
    await r.start();
    const blob = png();
    expect(await r.sender.sendFile(7, blob, '사진 1.png')).toBeNull();
    const item = r.sender.outgoing.value[0]!;
    expect(item).toMatchObject({ roomId: 7, state: 'pending', text: '사진 1.png', file: { name: '사진 1.png', type: 'image', size: 2048, path: null, blob } });
    await until(() => expect(r.uploads).toHaveLength(1));
    expect(r.uploads[0]!.req).toMatchObject({ path: '/api/upload?room_id=7', fields: { room_id: '7' }, fileName: '사진 1.png' });
    r.uploads[0]!.req.onProgress!({ loaded: 1024, total: 2300 });
    expect(r.sender.uploads.value.get(item.clientMsgId)).toEqual({ loaded: 1024, total: 2048 });
    r.finish();
    await until(() => expect(r.sent).toHaveLength(1));
    expect(r.sent[0]).toEqual({ room_id: 7, content: '사진 1.png', type: 'image', encrypted: false, upload_token: 'token-1', client_msg_id: item.clientMsgId });
    await until(() => expect(r.sender.outgoing.value[0]).toMatchObject({ state: 'sent', id: 101, file: { path: 'p1_사진 1.png' } }));
    expect(r.sender.uploads.value.size).toBe(0);
    expect(await r.outbox.list()).toEqual([]);
    expect(r.kv.data.size).toBe(0); // the kept bytes went with the entry
  });

  it('refuses before uploading what the server would refuse, with the reason', async () => {
    const r = rig();
    await r.start();
    expect(await r.sender.sendFile(1, png(), 'run.exe')).toBe(t('upload.type_not_allowed', { name: 'run.exe' }));
    expect(await r.sender.sendFile(1, new Blob([]), 'empty.txt')).toBe(t('upload.empty', { name: 'empty.txt' }));
    const big = { size: MAX_UPLOAD_BYTES + 1 } as Blob;
    expect(await r.sender.sendFile(1, big, 'big.pdf')).toBe(t('upload.too_large', { name: 'big.pdf', max: '16' }));
    expect(r.sender.outgoing.value).toEqual([]);
    expect(r.uploads).toHaveLength(0);
  });

  it('cancel aborts the upload and forgets the message; the next one in the room goes on', async () => {
    const r = rig();
    await r.start();
    await r.sender.sendFile(1, png(), 'a.png');
    await r.sender.send(1, 'after the file');
    await until(() => expect(r.uploads).toHaveLength(1));
    const id = r.sender.outgoing.value[0]!.clientMsgId;
    expect(r.sender.cancel(id)).toBe(true);
    await until(() => expect(r.sent).toHaveLength(1));
    expect(r.sent[0]).toMatchObject({ type: 'text' });
    expect(r.sender.outgoing.value.map((o) => o.text)).toEqual(['after the file']);
    expect(r.sender.uploads.value.size).toBe(0);
    expect((await r.outbox.list()).length).toBe(0);
  });

  it('an upload cut by the network is tried again (from the start) and sent exactly once', async () => {
    const r = rig();
    await r.start();
    await r.sender.sendFile(1, png(), 'a.png');
    await until(() => expect(r.uploads).toHaveLength(1));
    r.uploads[0]!.req.onProgress!({ loaded: 1000, total: 2048 });
    // Offline mid-way: the socket is down too, so nothing is spent until it is back.
    r.status.value = 'disconnected';
    r.uploads[0]!.reject(new ApiError(0, 'NETWORK_ERROR', 'network error'));
    await new Promise((res) => setTimeout(res, 30));
    expect(r.uploads).toHaveLength(1);
    expect(r.sender.outgoing.value[0]!.state).toBe('pending');
    r.status.value = 'connected';
    r.sender.replay();
    await until(() => expect(r.uploads).toHaveLength(2));
    r.finish();
    await until(() => expect(r.sender.outgoing.value[0]!.state).toBe('sent'));
    expect(r.sent).toHaveLength(1);
    expect(r.sent[0]!.upload_token).toBe('token-1');
  });

  it('a token the server refuses as expired is obtained again by uploading again', async () => {
    const r = rig();
    await r.start();
    r.answerWith((p) =>
      p.upload_token === 'token-1'
        ? { ok: false, error: 'expired', error_code: 'UPLOAD_TOKEN_USED_OR_EXPIRED', error_localized: '만료' }
        : { ok: true, message_id: 55 },
    );
    await r.sender.sendFile(1, png(), 'a.png');
    await until(() => expect(r.uploads).toHaveLength(1));
    r.finish();
    await until(() => expect(r.uploads).toHaveLength(2));
    r.finish();
    await until(() => expect(r.sender.outgoing.value[0]).toMatchObject({ state: 'sent', id: 55 }));
    expect(r.sent.map((p) => p.upload_token)).toEqual(['token-1', 'token-2']);
    expect(new Set(r.sent.map((p) => p.client_msg_id)).size).toBe(1);
  });

  it('a token older than its lifetime is not presented: the file is uploaded again first', async () => {
    const r = rig();
    await r.start();
    await r.sender.sendFile(1, png(), 'a.png');
    await until(() => expect(r.uploads).toHaveLength(1));
    // Uploaded, then the socket went down before the send, for longer than the token lives.
    r.status.value = 'disconnected';
    r.finish();
    await new Promise((res) => setTimeout(res, 20));
    expect(r.sent).toHaveLength(0);
    const now = Date.now();
    vi.spyOn(Date, 'now').mockReturnValue(now + UPLOAD_TOKEN_TTL_SECONDS * 1000);
    r.status.value = 'connected';
    r.sender.replay();
    await until(() => expect(r.uploads).toHaveLength(2));
    r.finish();
    await until(() => expect(r.sent).toHaveLength(1));
    expect(r.sent[0]!.upload_token).toBe('token-2');
    vi.restoreAllMocks();
  });

  it('after a restart the kept bytes are uploaded again; where no bytes are kept and the token is gone, it fails saying so', async () => {
    const kv = memoryKV();
    const first = rig({ kv });
    await first.start();
    first.status.value = 'disconnected';
    await first.sender.sendFile(1, png(), 'a.png');
    first.sender.stop();

    const again = rig({ kv });
    await again.start();
    expect(again.sender.outgoing.value[0]).toMatchObject({ text: 'a.png', state: 'pending', file: { name: 'a.png' } });
    expect(again.sender.outgoing.value[0]!.file!.blob).toBeInstanceOf(Blob);
    await until(() => expect(again.uploads).toHaveLength(1));
    again.finish();
    await until(() => expect(again.sent).toHaveLength(1));

    // The desktop's JSON store keeps no Blob.
    const jsonKV = { ...memoryKV(), keepsBlobs: false };
    const desk = rig({ kv: jsonKV as never });
    await desk.start();
    desk.status.value = 'disconnected';
    await desk.sender.sendFile(1, png(), 'b.png');
    desk.sender.stop();
    const restarted = rig({ kv: jsonKV as never });
    await restarted.start();
    await until(() => expect(restarted.sender.outgoing.value[0]).toMatchObject({ state: 'failed', error: t('upload.reattach') }));
    expect(restarted.uploads).toHaveLength(0);
    expect(restarted.sent).toHaveLength(0);
  });

  it('a refusal of the upload itself (type, size, membership) fails the message with the server’s reason', async () => {
    const r = rig();
    await r.start();
    await r.sender.sendFile(1, png(), 'fake.png');
    await until(() => expect(r.uploads).toHaveLength(1));
    r.uploads[0]!.reject(new ApiError(400, 'UPLOAD_CONTENT_MISMATCH', '파일 내용이 확장자와 일치하지 않습니다.'));
    await until(() => expect(r.sender.outgoing.value[0]).toMatchObject({ state: 'failed', error: '파일 내용이 확장자와 일치하지 않습니다.' }));
    expect(r.sent).toHaveLength(0);
  });
});
