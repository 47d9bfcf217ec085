/** Set by the cluster primary (server/entry/cluster.ts) in each worker's environment: 'first'
 * (the one worker of a start that resets presence) or 'later' (a restart, siblings serving). */
export const WORKER_ENV = 'MESSENGER_CLUSTER_WORKER';
/** The worker's place (0 .. WORKERS-1), kept by its replacement: its Engine.IO session ids start
 * with it (server/cluster/session-routing.ts). */
export const WORKER_INDEX_ENV = 'MESSENGER_CLUSTER_INDEX';
/** Random per primary start: the workers' private ports answer only requests that carry it. */
export const ROUTING_SECRET_ENV = 'MESSENGER_CLUSTER_SECRET';

/** Worker → primary: its private port is open ({ port }). */
export const ROUTING_PORT_MESSAGE = 'messenger:routing-port';
/** Primary → every worker: the private port of each worker index ({ ports: [index, port][] }). */
export const ROUTES_MESSAGE = 'messenger:routes';
/** Primary → worker: listen on the public port now (at a start, once every worker is built). */
export const LISTEN_MESSAGE = 'messenger:listen';
/** What a worker tells the primary once it serves ({ port }: the public port). */
export const READY_MESSAGE = 'messenger:ready';
