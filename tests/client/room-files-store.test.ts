import { describe, expect, it } from 'vitest';
import type { UploadResponse } from '../../protocol/rest/files.ts';
import { PDF, png, sendFile, upload } from '../files/fixture.ts';
import { api } from '../helpers/http.ts';
import { useServer } from '../helpers/suite.ts';
import { type TestUser, createRoom, newUser, rawSocket, startClient, until } from './harness.ts';

const env = useServer();

async function uploadOk(base: string, u: TestUser, room: number, name: string, bytes: Uint8Array | string): Promise<UploadResponse> {
  const res = await upload(base, null, name, bytes, { room, token: u.accessToken });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as UploadResponse;
}

describe('RoomFilesStore', () => {
  it('loads on open, filters without a request, follows new files and deletions live, deletes mine, forgets on close', async () => {
    const [a, b] = [await newUser(env.t), await newUser(env.t)];
    const roomId = await createRoom(env.t, a, [b]);
    const bSocket = env.track(await rawSocket(env.t, b));
    const image = await uploadOk(env.t.url, b, roomId, '사진.png', await png(64, 48));
    expect((await sendFile(bSocket, roomId, image)).ok).toBe(true);

    const { services } = env.track(await startClient(env.t, a));
    const files = services.roomFiles;
    await files.open(roomId);
    expect(files.shown.value!.map((f) => f.file_name)).toEqual(['사진.png']);

    // B sends a PDF while the panel is open: it arrives first (newest first).
    const doc = await uploadOk(env.t.url, b, roomId, '보고서.pdf', PDF);
    const sent = await sendFile(bSocket, roomId, doc);
    await until(() => expect(files.shown.value!.map((f) => f.file_name)).toEqual(['보고서.pdf', '사진.png']));

    files.filter.value = 'image';
    expect(files.shown.value!.map((f) => f.file_name)).toEqual(['사진.png']);
    files.filter.value = 'file';
    expect(files.shown.value!.map((f) => f.file_name)).toEqual(['보고서.pdf']);
    files.filter.value = 'all';

    // B deletes the PDF: its message_deleted drops the row.
    const pdfRow = files.shown.value!.find((f) => f.file_name === '보고서.pdf')!;
    expect(pdfRow.message_id).toBe(sent.message_id);
    const del = await api(env.t.url).del(`/api/rooms/${roomId}/files/${pdfRow.id}`, undefined, { token: b.accessToken });
    expect(del.status).toBe(200);
    await until(() => expect(files.shown.value!.map((f) => f.file_name)).toEqual(['사진.png']));

    // A made the room, so A is its admin: A may delete B's image.
    await files.remove(files.shown.value![0]!.id);
    expect(files.shown.value).toEqual([]);
    const left = await api(env.t.url).get(`/api/rooms/${roomId}/files`, { token: a.accessToken });
    expect(left.body).toEqual([]);

    files.close();
    expect(files.shown.value).toBeNull();
  });

  it('refuses a member who is neither the uploader nor an admin, and keeps the row', async () => {
    const [a, b] = [await newUser(env.t), await newUser(env.t)];
    const roomId = await createRoom(env.t, a, [b]);
    const aSocket = env.track(await rawSocket(env.t, a));
    const doc = await uploadOk(env.t.url, a, roomId, 'plan.pdf', PDF);
    expect((await sendFile(aSocket, roomId, doc)).ok).toBe(true);
    const { services } = env.track(await startClient(env.t, b));
    const files = services.roomFiles;
    await files.open(roomId);
    await expect(files.remove(files.shown.value![0]!.id)).rejects.toMatchObject({ status: 403 });
    expect(files.shown.value!.map((f) => f.file_name)).toEqual(['plan.pdf']);
  });
});
