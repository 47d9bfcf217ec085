import type { Server } from 'socket.io';

/** The parts of engine.io's websocket transport this reaches into (untyped in engine.io). */
interface WsTransport {
  name: string;
  send(packets: unknown[]): void;
  socket?: { _socket?: { cork(): void; uncork(): void } };
}
interface EngineSocket {
  transport: WsTransport;
  on(event: 'upgrade', listener: () => void): void;
}

const coalesced = new WeakSet<WsTransport>();

/** One write (one writev syscall) per flush, not one per frame. engine.io hands a websocket all
 * packets queued since its last write in one `send`, but ws writes each frame at once, so a burst
 * of broadcasts cost a syscall per recipient per message (the largest self-time of the fan-out
 * profile). Corking the TCP socket around the loop sends them together; frames, order and
 * callbacks are unchanged. */
export function coalesceFrames(io: Server): void {
  io.engine.on('connection', (conn: EngineSocket) => {
    const wrap = () => {
      const transport = conn.transport;
      const raw = transport.socket?._socket;
      if (transport.name !== 'websocket' || !raw || coalesced.has(transport)) return;
      coalesced.add(transport);
      const send = transport.send.bind(transport);
      transport.send = (packets) => {
        raw.cork();
        try {
          send(packets);
        } finally {
          raw.uncork();
        }
      };
    };
    wrap();
    conn.on('upgrade', wrap);
  });
}
