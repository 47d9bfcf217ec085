import type { Logger } from '../logger.ts';
import { type ClusterBus, deliverRemote, memoryBus } from './bus.ts';

/** The IPC message type the primary relays (server/entry/cluster.ts). */
export const BUS_MESSAGE = 'messenger:bus';

const ignore = () => {};

/** A worker of the Node cluster primary: handled here at once, and sent to the primary, which
 * relays it to every other worker (never back to this one). */
export function ipcBus(logger: Logger): ClusterBus {
  const local = memoryBus();
  process.on('message', (msg: { type?: unknown; event?: unknown } | null) => {
    if (msg?.type !== BUS_MESSAGE) return;
    deliverRemote(local, msg.event, logger);
  });
  return {
    kind: 'cluster',
    publish(event) {
      local.publish(event);
      if (process.connected) process.send!({ type: BUS_MESSAGE, event }, undefined, {}, ignore);
    },
    subscribe: local.subscribe,
    ok: () => process.connected,
  };
}
