import type { Socket } from 'socket.io';
import type { z } from 'zod';
import { ackError, socketError } from '../../protocol/envelope.ts';
import type { ErrorCode } from '../../protocol/errors/index.ts';
import type { ClientEventName, ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from '../../protocol/events.ts';
import { parseWith } from '../../protocol/validate.ts';
import type { Services } from '../context.ts';
import { ApiError } from '../http/api-error.ts';

export type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

type AckFn = (res: unknown) => void;
const noAck: AckFn = () => {};

/** Register one client event: parse the payload with its protocol schema, run the handler, and
 * always answer — `{ok:true, ...result}` or `{ok:false, error, error_code}` (plus the origin's
 * `error` event, which origin clients listen to). Origin clients emit most events without an ACK
 * callback; those get the error event only. */
export function handle<S extends z.ZodType>(
  socket: IoSocket,
  services: Services,
  event: ClientEventName,
  schema: S,
  fn: (payload: z.output<S>) => Promise<Record<string, unknown> | void>,
  failure: ErrorCode = 'REQUEST_INVALID',
): void {
  (socket as unknown as { on(e: string, l: (...args: unknown[]) => void): void }).on(event, async (...args: unknown[]) => {
    const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as AckFn) : noAck;
    const fail = (code: ErrorCode) => {
      ack(ackError(code, socket.data.locale));
      socket.emit('error', socketError(code, socket.data.locale));
    };
    const parsed = parseWith(schema, args[0] ?? {});
    if (!parsed.ok) return fail(parsed.code);
    try {
      const result = await fn(parsed.data);
      ack({ ok: true, ...(result ?? {}) });
    } catch (err) {
      if (err instanceof ApiError) return fail(err.code);
      services.logger.error('socket handler failed', { event, error: (err as Error).stack ?? String(err) });
      fail(failure);
    }
  });
}
