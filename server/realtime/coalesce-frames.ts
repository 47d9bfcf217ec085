import type { Server } from 'socket.io';

/** The parts of engine.io's socket and websocket transport this reaches into (untyped there). */
interface Transport {
  name: string;
  send(packets: unknown[]): void;
  socket?: { _socket?: { cork(): void; uncork(): void } };
}
interface EngineSocket {
  transport: Transport;
  flush(): void;
  on(event: 'upgrade', listener: () => void): void;
}

const corked = new WeakSet<Transport>();

/** Everything a connection is sent in one tick goes out in one write (one syscall), not one per
 * packet. Two steps, both found in the fan-out profile, where writev was the largest self time:
 * - engine.io flushes at every packet, so a `new_message` and the ACK right after it were two
 *   writes: the flush is deferred to the end of the tick (process.nextTick), once;
 * - ws writes each frame of a flush at once: the TCP socket is corked around the transport's send.
 * Packets, their order and the send callbacks are unchanged; only the syscalls are fewer. */
export function coalesceFrames(io: Server): void {
  io.engine.on('connection', (conn: EngineSocket) => {
    const flush = conn.flush.bind(conn);
    let queued = false;
    conn.flush = () => {
      if (queued) return;
      queued = true;
      process.nextTick(() => {
        queued = false;
        flush();
      });
    };
    corkSends(conn.transport);
    conn.on('upgrade', () => corkSends(conn.transport));
  });
}

function corkSends(transport: Transport): void {
  const raw = transport.socket?._socket;
  if (transport.name !== 'websocket' || !raw || corked.has(transport)) return;
  corked.add(transport);
  const send = transport.send.bind(transport);
  transport.send = (packets) => {
    raw.cork();
    try {
      send(packets);
    } finally {
      raw.uncork();
    }
  };
}
