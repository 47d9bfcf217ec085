/** Set by the cluster primary (server/entry/cluster.ts) in each worker's environment: 'first'
 * (the one worker of a start that resets presence) or 'later' (a restart, siblings serving). */
export const WORKER_ENV = 'MESSENGER_CLUSTER_WORKER';
/** What a worker tells the primary once it serves. */
export const READY_MESSAGE = 'messenger:ready';
