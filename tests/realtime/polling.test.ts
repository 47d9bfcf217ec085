import { type Socket, io } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { registerAndLogin } from '../helpers/http.ts';
import { emitAck } from '../helpers/socket.ts';
import { useServer } from '../helpers/suite.ts';

/** socket.io's long-polling fallback (the web client's second transport, and what a proxy that
 * blocks WebSocket leaves): its POSTs were once answered by the HTTP app as well, and the second
 * response threw out of the process. */
describe('the long-polling transport', () => {
  const suite = useServer();

  it('connects, carries events both ways, and the server keeps serving', async () => {
    const u = await registerAndLogin(suite.a);
    const socket: Socket = suite.track(io(suite.t.url, { transports: ['polling'], reconnection: false, auth: { token: u.accessToken }, forceNew: true }));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    expect(socket.io.engine.transport.name).toBe('polling');
    // Each emit is a polling POST; the ACK comes back on a GET.
    for (let i = 0; i < 3; i += 1) expect(await emitAck(socket, 'subscribe_rooms', { room_ids: [] })).toMatchObject({ ok: true });
    expect((await suite.a.get('/api/system/ready')).status).toBe(200);
  });
});
