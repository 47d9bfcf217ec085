import { signal } from '@preact/signals';
import { type Socket, io } from 'socket.io-client';
import type { ClientEventAck, ClientEventPayload, ClientToServerEvents, HandledClientEventName, ServerToClientEvents } from '../../../protocol/events.ts';
import { appLanguageHeader, locale } from '../i18n/index.ts';
import type { Session } from './session.ts';

export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected';
export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The socket: authenticated with the access token (bearer) or the HttpOnly cookie (browser),
 * reconnecting by itself; after every reconnect `onResync` lets the stores fetch what they missed. */
export class Realtime {
  readonly status = signal<ConnectionStatus>('disconnected');
  socket: ClientSocket | null = null;
  private everConnected = false;
  onResync: (() => void) | null = null;
  onConnect: (() => void) | null = null;

  constructor(private readonly session: Session) {}

  connect(baseUrl: string): ClientSocket {
    this.disconnect();
    const socket: ClientSocket = io(baseUrl, {
      transports: ['websocket', 'polling'],
      withCredentials: this.session.mode === 'cookie',
      // Read at every (re)connect, so a refreshed token is used.
      auth: (cb) => cb(this.session.accessToken ? { token: this.session.accessToken } : {}),
      query: { lang: locale.value },
      extraHeaders: { 'X-App-Language': appLanguageHeader() },
      reconnectionDelay: 500,
      reconnectionDelayMax: 5000,
    });
    this.socket = socket;
    this.status.value = 'connecting';
    socket.on('connect', () => {
      this.status.value = 'connected';
      this.onConnect?.();
      if (this.everConnected) this.onResync?.();
      this.everConnected = true;
    });
    // After a refresh: reconnect if the session lives on. A network error means the server is
    // away (a restart also disconnects us this way): reconnect anyway and let socket.io's
    // reconnection retry with backoff — otherwise the socket would stay down for good.
    const reconnectAfterRefresh = () =>
      void this.session.refresh().then(
        (ok) => ok && this.socket === socket && socket.connect(),
        () => this.socket === socket && socket.connect(),
      );
    socket.on('disconnect', (reason) => {
      this.status.value = 'disconnected';
      // The server dropped us (session revoked, or the server shutting down): socket.io does not
      // reconnect by itself after a server-side disconnect.
      if (reason === 'io server disconnect') reconnectAfterRefresh();
    });
    socket.on('connect_error', (err) => {
      this.status.value = 'disconnected';
      // An expired access token: refresh once and reconnect; socket.io retries network errors itself.
      if (err.message === 'AUTH_SESSION_EXPIRED' || err.message === 'AUTH_LOGIN_REQUIRED') reconnectAfterRefresh();
    });
    return socket;
  }

  /** Emit with an ACK, or reject after `timeoutMs` (the send pipeline retries on that). */
  async emitAck<E extends HandledClientEventName>(event: E, payload: ClientEventPayload<E>, timeoutMs = 5000): Promise<ClientEventAck<E>> {
    const socket = this.socket;
    if (!socket?.connected) throw new Error('not connected');
    // socket.io's typings cannot resolve its event map for a generic E; this signature is the contract.
    const timed = socket.timeout(timeoutMs) as unknown as { emitWithAck(e: E, p: ClientEventPayload<E>): Promise<ClientEventAck<E>> };
    return timed.emitWithAck(event, payload);
  }

  disconnect(): void {
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = null;
    this.everConnected = false;
    this.status.value = 'disconnected';
  }
}
