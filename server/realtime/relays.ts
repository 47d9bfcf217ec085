import { ackError, socketError } from '../../protocol/envelope.ts';
import { relayEventNames } from '../../protocol/events.ts';
import type { IoSocket } from './handler.ts';

/** The origin's client-triggered relays stay registered so origin clients get a clear answer,
 * but the server never relays them: it emits the canonical event after each real change. */
export function registerRelayRefusals(socket: IoSocket): void {
  for (const name of relayEventNames) {
    (socket as unknown as { on(e: string, l: (...args: unknown[]) => void): void }).on(name, (...args: unknown[]) => {
      const ack = args[args.length - 1];
      if (typeof ack === 'function') ack(ackError('EVENT_NOT_ALLOWED', socket.data.locale));
      socket.emit('error', socketError('EVENT_NOT_ALLOWED', socket.data.locale));
    });
  }
}
