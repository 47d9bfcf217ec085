import { timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { IoServer } from '../realtime/broadcast.ts';
import { LISTEN_MESSAGE, ROUTES_MESSAGE, ROUTING_PORT_MESSAGE } from './roles.ts';
import { ROUTING_SECRET_HEADER, answerSessionUnknown, proxyRequest, proxyUpgrade, refuseUpgrade } from './session-proxy.ts';

/** Engine.IO sessions across the workers of the Node cluster primary. The kernel's round robin
 * hands each TCP connection to any worker, so the requests of one long-polling session (and its
 * upgrade to WebSocket) can land on a worker that does not hold it. Each session id therefore
 * starts with its worker's index ("1.<engine's random id>"), and a worker forwards a request for a
 * sibling's session to that sibling's private port (127.0.0.1, never shared with the cluster, only
 * requests that carry the primary's secret). Requests without a session (handshakes, WebSocket-
 * first clients) are served where they land. */
export interface SessionRouting {
  /** Open the private port, tell the primary, and resolve when the primary says to listen. */
  join(): Promise<void>;
  /** The private port (after join). */
  port(): number;
  close(): void;
}

export interface WorkerIdentity {
  index: number;
  secret: string;
}

export function sessionRouting(io: IoServer, me: WorkerIdentity): SessionRouting {
  const engine = io.engine;
  /** Sibling index → its private port (from the primary; a dead worker's entry is removed). */
  const siblings = new Map<number, number>();
  /** Upgraded connections piped to a sibling: cut at close. */
  const tunnels = new Set<Duplex>();
  const secret = Buffer.from(me.secret);

  const randomId = engine.generateId.bind(engine);
  engine.generateId = async (req) => `${me.index}.${await randomId(req)}`;

  // Engine.IO's attach() calls these two for every request on its path.
  const handleHere = engine.handleRequest.bind(engine);
  const upgradeHere = engine.handleUpgrade.bind(engine);
  engine.handleRequest = (req, res) => {
    const owner = ownerOf(req.url);
    if (owner === undefined || owner === me.index) return handleHere(req, res);
    const port = siblings.get(owner);
    if (port === undefined) return answerSessionUnknown(res);
    proxyRequest(req, res, { port, secret: me.secret });
  };
  engine.handleUpgrade = (req, socket, head) => {
    const owner = ownerOf(req.url);
    if (owner === undefined || owner === me.index) return upgradeHere(req, socket, head);
    const port = siblings.get(owner);
    if (port === undefined) return refuseUpgrade(socket);
    proxyUpgrade(req, socket, head, { port, secret: me.secret }, tunnels);
  };

  const trusted = (req: http.IncomingMessage) => {
    const given = req.headers[ROUTING_SECRET_HEADER];
    if (typeof given !== 'string' || !req.url?.startsWith('/socket.io/')) return false;
    const bytes = Buffer.from(given);
    return secret.length >= 32 && bytes.length === secret.length && timingSafeEqual(bytes, secret);
  };
  const privateServer = http.createServer((req, res) => {
    if (trusted(req)) return handleHere(req, res);
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('Not Found');
  });
  privateServer.on('upgrade', (req, socket, head) => {
    if (trusted(req)) upgradeHere(req, socket, head);
    else refuseUpgrade(socket, '404 Not Found', 'Not Found');
  });

  const privatePort = () => (privateServer.address() as AddressInfo).port;
  const onMessage = (msg: { type?: unknown; ports?: unknown } | null) => {
    if (msg?.type !== ROUTES_MESSAGE || !Array.isArray(msg.ports)) return;
    siblings.clear();
    for (const [index, port] of msg.ports as [number, number][]) if (index !== me.index) siblings.set(index, port);
  };

  return {
    async join() {
      await new Promise<void>((resolve, reject) => {
        privateServer.once('error', reject);
        // exclusive: a worker's listen() is otherwise shared through the primary with every sibling.
        privateServer.listen({ port: 0, host: '127.0.0.1', exclusive: true }, () => resolve());
      });
      process.on('message', onMessage);
      const go = new Promise<void>((resolve) => {
        const onGo = (msg: { type?: unknown } | null) => {
          if (msg?.type !== LISTEN_MESSAGE) return;
          process.off('message', onGo);
          resolve();
        };
        process.on('message', onGo);
      });
      process.send!({ type: ROUTING_PORT_MESSAGE, port: privatePort() });
      await go;
    },
    port: privatePort,
    close() {
      process.off('message', onMessage);
      for (const socket of tunnels) socket.destroy();
      // Requests forwarded in by siblings end as this worker's sessions close.
      privateServer.close();
      privateServer.closeIdleConnections();
    },
  };
}

/** The worker index at the start of a request's `sid`, if any. */
function ownerOf(url: string | undefined): number | undefined {
  const query = url?.indexOf('?') ?? -1;
  if (query < 0) return undefined;
  const sid = new URLSearchParams(url!.slice(query + 1)).get('sid');
  const index = sid ? /^(\d{1,3})\./.exec(sid)?.[1] : undefined;
  return index === undefined ? undefined : Number(index);
}
