import { relayEventNames } from '../../protocol/events.ts';
import { refuse } from './handler.ts';
import type { SocketFeature } from './socket-server.ts';

/** The origin's client-triggered relays stay registered so origin clients get a clear answer,
 * but the server never relays them: it emits the canonical event after each real change. */
export const relayRefusals: SocketFeature = {
  register({ socket }) {
    for (const name of relayEventNames) refuse(socket, name, 'EVENT_NOT_ALLOWED');
  },
};
