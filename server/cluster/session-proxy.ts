import http from 'node:http';
import type { Duplex } from 'node:stream';

/** Forwarding one Engine.IO request to the sibling worker that holds its session, over that
 * worker's private loopback port (server/cluster/session-routing.ts). Bodies and responses stream
 * through; nothing is buffered. */

/** Sent on every forwarded request; the private port answers nothing without it. */
export const ROUTING_SECRET_HEADER = 'x-messenger-routing';

/** Headers about this one connection, not the request (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade']);

export interface Target {
  port: number;
  secret: string;
}

// Long-polls and POSTs reuse connections between workers.
const agent = new http.Agent({ keepAlive: true });

/** What Engine.IO answers for a session it does not hold: the client starts a new one. */
export function answerSessionUnknown(res: http.ServerResponse): void {
  if (res.headersSent) return void res.destroy();
  res.writeHead(400, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ code: 1, message: 'Session ID unknown' }));
}

/** The same for an upgrade request (Engine.IO's abortUpgrade). */
export function refuseUpgrade(socket: Duplex, status = '400 Bad Request', message = 'Session ID unknown'): void {
  socket.on('error', () => {});
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-type: text/html\r\nContent-Length: ${Buffer.byteLength(message)}\r\n\r\n${message}`);
  }
  socket.destroy();
}

export function proxyRequest(req: http.IncomingMessage, res: http.ServerResponse, to: Target): void {
  const headers = withoutHopByHop(req.headers);
  headers[ROUTING_SECRET_HEADER] = to.secret;
  const forward = http.request({ host: '127.0.0.1', port: to.port, method: req.method, path: req.url, headers, agent });
  forward.on('response', (answer) => {
    res.writeHead(answer.statusCode ?? 502, withoutHopByHop(answer.headers));
    answer.pipe(res);
  });
  // A sibling that is gone (or going) no longer holds the session.
  forward.on('error', () => answerSessionUnknown(res));
  // The client gave up (a long-poll cut short): so does the forwarded request.
  res.on('close', () => {
    if (!res.writableFinished) forward.destroy();
  });
  req.pipe(forward);
}

/** A polling session moving to WebSocket: the upgrade goes to the sibling, then the two sockets
 * are piped into each other for the life of the WebSocket. */
export function proxyUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer, to: Target, tunnels: Set<Duplex>): void {
  const headers: http.OutgoingHttpHeaders = { ...req.headers, [ROUTING_SECRET_HEADER]: to.secret };
  const forward = http.request({ host: '127.0.0.1', port: to.port, method: req.method, path: req.url, headers, agent: false });
  socket.on('error', () => forward.destroy());
  forward.on('upgrade', (answer, inner, innerHead) => {
    socket.write(statusAndHeaders(answer));
    if (innerHead.length) socket.write(innerHead);
    if (head.length) inner.write(head);
    tunnels.add(socket);
    const end = () => {
      tunnels.delete(socket);
      socket.destroy();
      inner.destroy();
    };
    for (const s of [socket, inner]) s.on('close', end).on('error', end);
    inner.pipe(socket);
    socket.pipe(inner);
  });
  // The sibling refused the upgrade: pass its answer on, then close.
  forward.on('response', (answer) => {
    socket.write(statusAndHeaders(answer));
    answer.pipe(socket);
  });
  forward.on('error', () => refuseUpgrade(socket));
  forward.end();
}

function statusAndHeaders(answer: http.IncomingMessage): string {
  let lines = `HTTP/1.1 ${answer.statusCode} ${answer.statusMessage}\r\n`;
  for (let i = 0; i < answer.rawHeaders.length; i += 2) lines += `${answer.rawHeaders[i]}: ${answer.rawHeaders[i + 1]}\r\n`;
  return `${lines}\r\n`;
}

function withoutHopByHop(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) if (!HOP_BY_HOP.has(name) && value !== undefined) out[name] = value;
  return out;
}
