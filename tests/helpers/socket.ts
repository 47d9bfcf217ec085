import { type Socket, io } from 'socket.io-client';

/** A real socket.io client over websocket on loopback, authenticated with an access token. */
export function connectSocket(url: string, token: string, opts: { lang?: string } = {}): Promise<Socket> {
  const socket = io(url, {
    transports: ['websocket'],
    reconnection: false,
    auth: { token },
    query: opts.lang ? { lang: opts.lang } : {},
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => reject(err));
  });
}

/** Emit and wait for the ACK (fails the test after 5 s instead of hanging). */
export function emitAck<T = any>(socket: Socket, event: string, payload?: unknown): Promise<T> {
  return socket.timeout(5000).emitWithAck(event, payload) as Promise<T>;
}

/** The next `event` whose payload passes `match` (rejects after `ms`). */
export function nextEvent<T = any>(socket: Socket, event: string, match: (p: T) => boolean = () => true, ms = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new Error(`no ${event} within ${ms} ms`));
    }, ms);
    const listener = (p: T) => {
      if (!match(p)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(p);
    };
    socket.on(event, listener);
  });
}

/** Everything `event` delivers from now on, for "exactly once" / "never" assertions. */
export function collect<T = any>(socket: Socket, event: string): T[] {
  const seen: T[] = [];
  socket.on(event, (p: T) => seen.push(p));
  return seen;
}

/** Resolves after a round trip through the server on this socket: every event the server emitted
 * to it before answering has arrived by then (socket.io keeps order on one connection). */
export async function roundTrip(socket: Socket): Promise<void> {
  await emitAck(socket, 'subscribe_rooms', { room_ids: [] });
}
