import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptMessage } from '../../protocol/crypto/index.ts';
import { messagesResponseSchema } from '../../protocol/rest/messages.ts';
import { roomKeysResponseSchema } from '../../protocol/rest/rooms.ts';
import { binaryInEmptyDir, buildBinary } from '../helpers/binary.ts';
import { spawnServer, stopProcess } from '../helpers/entry.ts';
import { api } from '../helpers/http.ts';
import { SEED, buildOrigin } from './origin-fixture.ts';

/** The same migration as a subcommand of the single binary (bcrypt bundled, no sharp: profile
 * pictures are left out with a note), and the binary's server on the result. */
describe('migrate-origin in the single binary', () => {
  let copy: ReturnType<typeof binaryInEmptyDir>;
  beforeAll(async () => {
    copy = binaryInEmptyDir(await buildBinary());
  }, 300_000);
  afterAll(() => copy?.cleanup());

  it('imports the origin; the bcrypt password logs in and v2 history decrypts', { timeout: 120_000 }, async () => {
    const origin = await buildOrigin(path.join(copy.dir, 'origin'));
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: copy.dir, DATA_DIR: path.join(copy.dir, 'data') };
    const out = execFileSync(copy.file, ['migrate-origin', '--from', origin.dbFile, '--uploads', origin.uploads], { cwd: copy.dir, env, encoding: 'utf8' });
    expect(out).toContain('messages: 5 in the origin, 5 imported');
    expect(out).toMatch(/profile images:.*\n\s+note \(1\): not a readable image \(or no image processing here\)/);

    const server = await spawnServer(copy.file, [], env, { cwd: copy.dir, cleanEnv: true });
    try {
      const a = api(server.url);
      const kim = await a.post('/api/device-sessions', { username: SEED.bcryptUser.username, password: SEED.bcryptUser.password, device_name: 'bin' });
      expect(kim.status).toBe(200);
      const token = kim.body.access_token as string;
      const key = roomKeysResponseSchema.parse((await a.get('/api/rooms/keys', { token })).body).keys.find((k) => k.room_id === SEED.room.id)!.encryption_key!;
      const history = messagesResponseSchema.parse((await a.get(`/api/rooms/${SEED.room.id}/messages`, { token })).body).messages;
      expect(await decryptMessage(history.find((m) => m.id === SEED.v2.id)!.content!, key)).toBe(SEED.v2.text);
    } finally {
      await stopProcess(server.proc);
    }
  });
});
