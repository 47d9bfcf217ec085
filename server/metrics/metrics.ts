import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** What the server measures, as a port: features call these few methods and never see
 * prom-client. Each server builds its own (a per-server Registry), so test servers in one
 * process never share counters; only the process metrics are shared, being the process's. */
export interface Metrics {
  readonly contentType: string;
  /** The Prometheus text exposition of everything below plus the process metrics. */
  render(): Promise<string>;
  /** Messages committed by the group-commit writer (duplicates are not counted). */
  messagesStored(count: number): void;
  /** From a socket event's arrival to its ACK. */
  ackObserved(event: string, seconds: number): void;
  /** One database round trip (`execute` or `batch`). */
  dbObserved(op: string, seconds: number): void;
  /** A request refused by a rate limit. */
  rateLimited(route: string): void;
  /** Read at each scrape: the live socket count. */
  countSocketsWith(count: () => number): void;
}

/** Seconds buckets from 0.1 ms to 5 s: an ACK or a query is usually well under a millisecond. */
const FAST_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** CPU, memory, event-loop lag, GC: facts about the process, not about one server, so one
 * registry per process (made at the first need). Collecting them per server would start another
 * event-loop monitor and GC observer for every server a test process builds. */
let processRegistry: Registry | null = null;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  const proc = processMetrics();
  let sockets: () => number = () => 0;
  new Gauge({
    name: 'messenger_socket_connections',
    help: 'Open socket.io connections on this instance',
    registers: [registry],
    collect() {
      this.set(sockets());
    },
  });
  const messages = new Counter({ name: 'messenger_messages_total', help: 'Messages stored (committed) by this instance', registers: [registry] });
  const ack = new Histogram({
    name: 'messenger_ack_latency_seconds',
    help: 'Socket event arrival to ACK, by event (send_message is the send→ACK latency)',
    labelNames: ['event'],
    buckets: FAST_BUCKETS,
    registers: [registry],
  });
  const db = new Histogram({
    name: 'messenger_db_query_seconds',
    help: 'Database round trips, by kind (execute: one statement, batch: one transaction)',
    labelNames: ['op'],
    buckets: FAST_BUCKETS,
    registers: [registry],
  });
  const limited = new Counter({
    name: 'messenger_rate_limit_hits_total',
    help: 'Requests refused with 429 by a rate limit, by limited route',
    labelNames: ['route'],
    registers: [registry],
  });
  return {
    contentType: registry.contentType,
    // Two registries, each family once: their texts concatenate into one valid exposition.
    render: async () => `${await proc.metrics()}\n${await registry.metrics()}`,
    messagesStored: (count) => messages.inc(count),
    ackObserved: (event, seconds) => ack.observe({ event }, seconds),
    dbObserved: (op, seconds) => db.observe({ op }, seconds),
    rateLimited: (route) => limited.inc({ route }),
    countSocketsWith(count) {
      sockets = count;
    },
  };
}
