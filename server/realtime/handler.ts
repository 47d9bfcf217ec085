import type { Socket } from 'socket.io';
import { ackError, socketError } from '../../protocol/envelope.ts';
import type { ErrorCode } from '../../protocol/errors/index.ts';
import {
  type ClientEventResult,
  type ClientToServerEvents,
  type HandledClientEventName,
  type InterServerEvents,
  type ParsedClientEvent,
  type ServerToClientEvents,
  type SocketData,
  clientEventSchemas,
} from '../../protocol/events.ts';
import { parseWith } from '../../protocol/validate.ts';
import { ApiError } from '../http/api-error.ts';
import type { Logger } from '../logger.ts';

export type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

type AckFn = (res: unknown) => void;
/** Seconds from an event's arrival to its ACK, errors included. */
export type AckObserver = (event: string, seconds: number) => void;
const noAck: AckFn = () => {};

/** Register a client event: the payload is parsed with its protocol schema, and the handler must
 * return that event's ACK fields (a renamed field fails the type check). */
export type On = <E extends HandledClientEventName>(
  event: E,
  handler: (payload: ParsedClientEvent<E>) => Promise<ClientEventResult<E>>,
  /** The code an unexpected failure answers with (the feature's own 500 code, as the origin). */
  failure?: ErrorCode,
) => void;

/** What a feature's socket module gets for each connection. */
export interface Connection {
  socket: IoSocket;
  on: On;
}

/** One connection's registrar. Every event answers: `{ok:true, ...result}` or `{ok:false, error,
 * error_code}` plus the origin's `error` event (origin clients listen to it and mostly emit
 * without an ACK callback). */
export function connection(socket: IoSocket, logger: Logger, onAck?: AckObserver): Connection {
  const fail = (ack: AckFn, code: ErrorCode) => answerError(socket, ack, code);
  const on: On = (event, handler, failure = 'REQUEST_INVALID') => {
    // socket.io types listeners per event; this one listener serves any of them.
    (socket.on as (e: string, l: (...args: unknown[]) => void) => void)(event, async (...args: unknown[]) => {
      const answer = typeof args[args.length - 1] === 'function' ? (args.pop() as AckFn) : noAck;
      const started = onAck ? performance.now() : 0;
      const ack: AckFn = onAck
        ? (res) => {
            answer(res);
            onAck(event, (performance.now() - started) / 1000);
          }
        : answer;
      const parsed = parseWith(clientEventSchemas[event], args[0] ?? {});
      if (!parsed.ok) return fail(ack, parsed.code);
      try {
        const result = await handler(parsed.data as ParsedClientEvent<typeof event>);
        ack({ ok: true, ...result });
      } catch (err) {
        if (err instanceof ApiError) return fail(ack, err.code);
        logger.error('socket handler failed', { event, error: (err as Error).stack ?? String(err) });
        fail(ack, failure);
      }
    });
  };
  return { socket, on };
}

function answerError(socket: IoSocket, ack: AckFn, code: ErrorCode): void {
  ack(ackError(code, socket.data.locale));
  socket.emit('error', socketError(code, socket.data.locale));
}

/** For names that only ever answer an error (the origin's client relays). */
export function refuse(socket: IoSocket, event: string, code: ErrorCode): void {
  (socket.on as (e: string, l: (...args: unknown[]) => void) => void)(event, (...args: unknown[]) => {
    const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as AckFn) : noAck;
    answerError(socket, ack, code);
  });
}
